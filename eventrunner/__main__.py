"""`python -m eventrunner` is the `eventrunner` command."""

from eventrunner.cli import main

main()
