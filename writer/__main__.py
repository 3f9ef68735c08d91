"""python -m writer: the same as the jixiao command."""
from .cli import main

raise SystemExit(main())
