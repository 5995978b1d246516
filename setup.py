"""Packaging hook: the repository's lessons/, templates/ and assets/ go into the wheel as kitgen/_builtin/."""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUILTIN = ("lessons", "templates", "assets")  # kitgen.builtin.NAMES


class BuildPyWithBuiltins(build_py):
    """build_py, then the built-in folders copied next to the modules (an editable install reads the checkout's)."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in BUILTIN:
            target = Path(self.build_lib, "kitgen", "_builtin", name)
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(Path(__file__).parent / name, target,
                            ignore=shutil.ignore_patterns(".*", "__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithBuiltins})
