"""Spreadsheets saved in another language: translated headers map to our fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventrunner.importing import read_attendees

# (header row, data row, encoding): German, French, Spanish, Italian, Dutch spreadsheets.
EXPORTS = [
    (
        "Name;E-Mail;Firma;Interessen;Position",
        "Jürgen Groß;jg@example.de;Bäckerei;Brot;Chef",
        "cp1252",
    ),
    (
        "Prénom,Nom,Courriel,Société,Centres d’intérêt,Poste",
        "Jürgen,Groß,jg@example.de,Bäckerei,Brot,Chef",
        "utf-8",
    ),
    (
        "Nombre,Apellidos,Correo electrónico,Empresa,Intereses,Cargo",
        "Jürgen,Groß,jg@example.de,Bäckerei,Brot,Chef",
        "utf-8-sig",
    ),
    (
        "Nome completo\tEmail\tAzienda\tInteressi\tRuolo",
        "Jürgen Groß\tjg@example.de\tBäckerei\tBrot\tChef",
        "utf-8",
    ),
    (
        "Voornaam;Achternaam;E-mailadres;Bedrijf;Onderwerpen;Functie",
        "Jürgen;Groß;jg@example.de;Bäckerei;Brot;Chef",
        "cp1252",
    ),
]


@pytest.mark.parametrize(("header", "row", "encoding"), EXPORTS)
def test_translated_headers(header: str, row: str, encoding: str, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(f"{header}\r\n{row}\r\n".encode(encoding))
    report = read_attendees(path)
    assert report.unknown_columns == ()
    (person,) = report.attendees
    assert person.name == "Jürgen Groß"
    assert person.email == "jg@example.de"
    assert person.company == "Bäckerei"
    assert person.title == "Chef"
    assert person.interests == ("brot",)
