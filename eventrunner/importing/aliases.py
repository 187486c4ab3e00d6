"""Which column of a registration export holds which attendee field, and which export it is.

Headers are matched by alias tables (Eventbrite `First Name`, Luma `first_name`, Google Forms
`Email Address`, ...), then question titles by their words ("What are your interests?" ->
interests), then the organizer's `--map FIELD=COLUMN` overrides win over both. Columns that
match nothing are listed, never silently dropped. This module only looks at headers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import attrs

from eventrunner.importing.report import ImportFailed
from eventrunner.textsafe import clean_text

#: The columns of the native attendee CSV (PRODUCT.md), in their usual order.
NATIVE_COLUMNS: tuple[str, ...] = (
    "id", "name", "email", "phone", "company", "title", "interests", "offers", "seeks",
    "side", "linkedin", "twitter", "website", "share", "avoid", "want", "no_email", "ticket",
)  # fmt: skip
#: Fields a column can map to: the native columns, the two halves of a name, and the
#: registration status of an export (declined or waitlisted people are kept out).
FIELDS: tuple[str, ...] = (*NATIVE_COLUMNS, "first_name", "last_name", "status")
#: Fields that several columns may feed at once; the second column is `ticket.2`, and so on.
MULTI_FIELDS: frozenset[str] = frozenset({"ticket"})
#: Fields that together give an attendee a name; an import needs at least one of them.
NAME_FIELDS: tuple[str, ...] = ("name", "first_name", "last_name")

# Header keys (case-folded, letters and digits only) that mean a field, in any export.
_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "identifier", "attendeeid"),
    "name": ("name", "fullname", "yourname", "attendeename", "participantname", "displayname",
             "whatsyourname", "whatisyourname", "yourfullname", "nameonbadge", "badgename"),
    "first_name": ("firstname", "givenname", "forename", "first"),
    "last_name": ("lastname", "surname", "familyname", "last"),
    "email": ("email", "emailaddress", "mail", "youremail", "youremailaddress", "workemail",
              "attendeeemail"),
    "phone": ("phone", "phonenumber", "mobile", "mobilephone", "cellphone", "cell", "telephone",
              "workphone", "tel"),
    "company": ("company", "companyname", "organization", "organisation", "organizationname",
                "employer", "org", "affiliation", "companyorganization", "companyorganisation"),
    "title": ("title", "jobtitle", "role", "position", "jobrole", "occupation", "jobposition"),
    "interests": ("interests", "interest", "tags", "topics", "hashtags", "hobbies"),
    "offers": ("offers", "offer", "canoffer", "expertise"),
    "seeks": ("seeks", "seek", "seeking", "lookingfor", "needs"),
    "side": ("side", "mentorormentee"),
    "linkedin": ("linkedin", "linkedinprofile", "linkedinurl", "linkedinprofileurl"),
    "twitter": ("twitter", "twitterhandle", "x", "xtwitter", "twitterx", "xhandle"),
    "website": ("website", "web", "url", "homepage", "site", "blog", "websiteurl"),
    "share": ("share", "sharecontacts", "shares"),
    "avoid": ("avoid", "donotpairwith", "dontpairwith"),
    "want": ("want", "wanttomeet", "wants"),
    "no_email": ("noemail", "nomail", "donotemail", "dontemail", "emailoptout", "optout",
                 "unsubscribed", "donotcontact"),
    # Every code a door scanner may read: Eventbrite `Attendee #`, `Order #`, `Barcode #`;
    # Luma `api_id`, `guest_id`, `qr_code_url`; Tito `Ticket Reference`, `Unique Ticket URL`;
    # Meetup `User ID`. All such columns feed the attendee's tickets (MULTI_FIELDS).
    "ticket": ("ticket", "tickets", "ticketcode", "ticketnumber", "ticketno", "ticketid",
               "ticketreference", "ticketref", "uniqueticketurl", "ticketurl", "attendee",
               "attendeeno", "attendeenumber", "barcode", "barcodeno", "barcodenumber",
               "ticketbarcode", "order", "orderno", "ordernumber", "orderreference", "apiid",
               "guestid", "qrcodeurl", "userid", "memberid", "registrationcode",
               "confirmationcode", "checkincode"),
    "status": ("status", "attendeestatus", "approvalstatus", "rsvp", "rsvpstatus",
               "registrationstatus"),
}  # fmt: skip
# The same headers as spreadsheets and form tools write them in German, French, Spanish,
# Italian, Portuguese and Dutch. Where a language splits a name ("Prénom" + "Nom"), the family
# name is `last_name`; a lone such column still names the attendee.
_TRANSLATED: dict[str, tuple[str, ...]] = {
    "name": ("vollständigername", "nomcomplet", "nombrecompleto", "nomecompleto",
             "volledigenaam", "naam", "nome"),
    "first_name": ("vorname", "prénom", "prenom", "nombre", "nomedibattesimo", "voornaam",
                   "primeironome"),
    "last_name": ("nachname", "familienname", "nom", "nomdefamille", "apellido", "apellidos",
                  "cognome", "sobrenome", "achternaam"),
    "email": ("emailadresse", "courriel", "adresseemail", "adressemail", "correo",
              "correoelectrónico", "correoelectronico", "posta", "indirizzoemail",
              "endereçodeemail"),
    "phone": ("telefon", "telefonnummer", "handy", "téléphone", "telephone", "portable",
              "teléfono", "telefono", "móvil", "cellulare", "telefone", "telefoon"),
    "company": ("firma", "unternehmen", "organisation", "arbeitgeber", "entreprise", "société",
                "societe", "empresa", "organización", "azienda", "società", "bedrijf",
                "organisatie"),
    "title": ("position", "funktion", "berufsbezeichnung", "poste", "fonction", "cargo",
              "puesto", "ruolo", "funzione", "função", "functie"),
    "interests": ("interessen", "themen", "intérêts", "interets", "centresdintérêt",
                  "centresdinteret", "intereses", "temas", "interessi", "argomenti",
                  "interesses", "interesses", "onderwerpen"),
}  # fmt: skip
_FIELD_OF_KEY: dict[str, str] = {
    key: f for table in (_TRANSLATED, _ALIASES) for f, keys in table.items() for key in keys
}


def _has(*words: str) -> Callable[[list[str]], bool]:
    return lambda ws: all(w in ws for w in words)


def _any(*words: str) -> Callable[[list[str]], bool]:
    return lambda ws: any(w in ws for w in words)


# Question titles, tried in order on the header's words: the first rule that fits decides.
# Offers and seeks come before interests ("Which topics can you help with?" is an offer).
_QUESTION_RULES: tuple[tuple[str, Callable[[list[str]], bool]], ...] = (
    ("linkedin", lambda ws: any(w.startswith("linkedin") for w in ws)),
    ("twitter", _any("twitter", "tweet")),
    ("website", _any("website", "homepage", "portfolio")),
    ("email", lambda ws: "email" in ws or "e mail" in " ".join(ws)),
    ("phone", _any("phone", "mobile", "telephone", "cellphone")),
    ("first_name", lambda ws: _has("first", "name")(ws) or _has("given", "name")(ws)),
    ("last_name", lambda ws: _any("surname")(ws) or _has("last", "name")(ws)
     or _has("family", "name")(ws)),
    ("offers", lambda ws: _any("offer", "offering", "expertise")(ws) or _has("help", "with")(ws)),
    ("seeks", lambda ws: _has("looking", "for")(ws) or _any("seek", "seeking", "need")(ws)
     or _has("want", "learn")(ws) or _has("hoping", "find")(ws)),
    ("interests", _any("interest", "interests", "interested", "topic", "topics", "hobbies",
                       "discuss", "passions")),
    ("side", lambda ws: _has("mentor", "mentee")(ws)),
    ("company", _any("company", "organization", "organisation", "employer", "employed")),
    ("title", lambda ws: _has("job", "title")(ws) or _any("role", "position", "occupation")(ws)),
    ("name", lambda ws: "name" in ws and not _any(
        "company", "organization", "organisation", "business", "event", "team", "user",
        "username", "ticket", "file", "pet", "project", "startup")(ws)),
)  # fmt: skip
# Columns about the person who paid, not the attendee (Eventbrite's "Buyer Email").
_NOT_THE_ATTENDEE = ("buyer", "purchaser", "payer")

_FORMAT_SIGNS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Google Forms", frozenset({"timestamp"})),
    ("Eventbrite", frozenset({"order", "orderno", "ordernumber", "orderid", "orderdate",
                              "attendeestatus", "barcode", "attendee",
                              "buyerfirstname", "buyerlastname", "buyeremail"})),
    ("Luma", frozenset({"apiid", "approvalstatus", "checkedinat", "qrcodeurl", "createdat",
                        "ticketname", "ethaddress", "solanaaddress"})),
    ("Meetup", frozenset({"userid", "rsvp", "rsvpedon", "joinedgroupon", "urlofmemberprofile",
                          "eventhost", "guests"})),
)  # fmt: skip


def header_key(header: str) -> str:
    """A header reduced to what identifies it: `E-mail` and `email` give `email`."""
    return "".join(c for c in clean_text(header).casefold() if c.isalnum())


def _words(header: str) -> list[str]:
    return re.findall(r"\w+", clean_text(header).casefold().replace("'", "").replace("’", ""))


def guess_field(header: str) -> str | None:
    """The field a column header means, or None when it means none of ours."""
    exact = _FIELD_OF_KEY.get(header_key(header))
    if exact is not None:
        return exact
    words = _words(header)
    if not words or any(w in _NOT_THE_ATTENDEE for w in words):
        return None
    for field, fits in _QUESTION_RULES:
        if fits(words):
            return field
    return None


def detect_format(headers: Sequence[str]) -> str:
    """Which export a header row comes from (the native format when nothing says otherwise)."""
    keys = {header_key(h) for h in headers} - {""}
    if keys <= set(NATIVE_COLUMNS):
        return "eventrunner CSV"
    for name, signs in _FORMAT_SIGNS:
        if keys & signs:
            return name
    cleaned = {clean_text(h) for h in headers}
    if cleaned & {"first_name", "last_name"}:
        return "Luma"
    if cleaned & {"First Name", "Last Name"}:
        return "Eventbrite"
    if "Name" in cleaned and not any(guess_field(h) == "email" for h in headers):
        return "Meetup"
    return "eventrunner CSV"


@attrs.frozen
class ColumnMap:
    """Which column feeds which field."""

    columns: Mapping[str, int]
    """Our field -> index of the column that holds it."""
    mapping: tuple[tuple[str, str], ...]
    """(header as shown, field), in column order."""
    unknown: tuple[str, ...]
    """Headers of the columns nobody imports."""
    warnings: tuple[str, ...]
    """Repeated headers and the like."""

    @property
    def has_name(self) -> bool:
        """True when some column gives attendees a name."""
        return any(field in self.columns for field in NAME_FIELDS)


def shown_header(headers: Sequence[str], index: int) -> str:
    """A header as printed; a column without one is named by its position."""
    return headers[index] or f"(column {index + 1}, no header)"


def map_columns(
    file: str,
    headers: Sequence[str],
    overrides: Mapping[str, str],
    has_data: Callable[[int], bool],
) -> ColumnMap:
    """Match headers to fields; overrides (field -> header) win. Raises ImportFailed."""
    columns: dict[str, int] = {}
    for field, wanted in overrides.items():
        if wanted.strip():
            columns[field] = _find_column(file, headers, field, wanted)
    taken = set(columns.values())
    warnings: list[str] = []
    first_of_key: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = header_key(header)
        if key and key in first_of_key:
            warnings.append(
                f"column {index + 1} {header!r} repeats column {first_of_key[key] + 1}; "
                "only the first was imported, rename one in the file to import both"
            )
            continue
        if key:
            first_of_key[key] = index
        guessed = guess_field(header)
        if guessed in MULTI_FIELDS and guessed in columns and index not in taken:
            guessed = _next_slot(guessed, columns)
        if guessed is None or guessed in overrides or guessed in columns or index in taken:
            continue
        columns[guessed] = index
        taken.add(index)
    used = {index: field for field, index in columns.items()}
    mapping = tuple(
        (shown_header(headers, i), field.partition(".")[0])
        for i in range(len(headers))
        for field in sorted(f for f, c in columns.items() if c == i)
    )
    unknown = tuple(
        shown_header(headers, i)
        for i in range(len(headers))
        if i not in used and (headers[i] or has_data(i))
    )
    return ColumnMap(columns, mapping, unknown, tuple(warnings))


def _next_slot(field: str, columns: Mapping[str, int]) -> str:
    """The name of one more column feeding a multi-column field: `ticket.2`, `ticket.3`..."""
    n = 2
    while f"{field}.{n}" in columns:
        n += 1
    return f"{field}.{n}"


def _find_column(file: str, headers: Sequence[str], field: str, wanted: str) -> int:
    """The column an override names: exactly, else ignoring case, spaces and punctuation."""
    target = clean_text(wanted)
    for same in (
        lambda h: h == target,
        lambda h: " ".join(h.casefold().split()) == " ".join(target.casefold().split()),
        lambda h: header_key(h) == header_key(target) != "",
    ):
        found = [i for i, h in enumerate(headers) if same(h)]
        if found:
            return found[0]
    available = ", ".join(repr(h) for h in headers if h) or "none"
    raise ImportFailed(
        file,
        f"--map {field}={target!r}: there is no such column; the columns are {available}",
    )
