"""Run kitgen from a checkout without installing it: ``python kitgen.py build``."""
from kitgen.cli import main

if __name__ == "__main__":
    main(prog_name="kitgen")
