"""`python3 -m kitgen`: the same command line as the installed `kitgen`."""
from kitgen.cli import main

main(prog_name="kitgen")
