"""Packaging hook: the built-in lessons, templates and assets go into the wheel as kitgen/_builtin/, and the kit
words' catalogues (kitgen/locale/<lang>/LC_MESSAGES/kit.po) are compiled with Babel into kit.mo beside them."""
import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUILTIN = ("lessons", "templates", "assets")  # kitgen.builtin.NAMES
LOCALE = Path("kitgen", "locale")


def _compile_po():
    """kitgen.i18n.compiling.compile_po, loaded from its file: kitgen's own dependencies are not needed."""
    spec = importlib.util.spec_from_file_location("kitgen_compiling", HERE / "kitgen" / "i18n" / "compiling.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.compile_po


class BuildPyWithBuiltins(build_py):
    """build_py, then the built-in folders copied next to the modules and the catalogues compiled.

    An editable install reads the checkout's folders, and gets its compiled catalogues in the checkout
    (kitgen/locale/*/LC_MESSAGES/kit.mo, which git ignores).
    """

    def run(self):
        super().run()
        editable = getattr(self, "editable_mode", False)
        self._compile_catalogues(HERE if editable else Path(self.build_lib))
        if editable:
            return
        for name in BUILTIN:
            target = Path(self.build_lib, "kitgen", "_builtin", name)
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(HERE / name, target, ignore=shutil.ignore_patterns(".*", "__pycache__", "*.pyc"))

    def _compile_catalogues(self, root: Path) -> None:
        compile_po = _compile_po()
        for po in sorted((HERE / LOCALE).glob("*/LC_MESSAGES/kit.po")):
            mo = root / po.relative_to(HERE).with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            mo.write_bytes(compile_po(po.read_bytes()))
            self.announce(f"compiled {po.relative_to(HERE)} into {mo}", level=2)


setup(cmdclass={"build_py": BuildPyWithBuiltins})
