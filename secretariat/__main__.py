"""`python -m secretariat …` is the `secretariat` command."""

from .cli import main

main()
