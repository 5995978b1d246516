"""Benchmark: kitgen's full, parallel and no-op builds against the floor of its libraries, in one run.

    python bench/run.py [--rounds 5] [--lessons lessons] [--jobs N]

Builds the floor (bench/floor.py: the same files made by python-pptx and reportlab directly) and kitgen
alternately, several rounds, each in a fresh process, and prints medians and paired ratios against the
targets in the README ("How fast"), kitgen's start-up, per-kind render times, kitgen's own share and peak memory.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
KITGEN = [sys.executable, str(ROOT / "kitgen.py")]
FLOOR = [sys.executable, str(ROOT / "bench" / "floor.py")]


# --- measuring ---------------------------------------------------------------------------------


def timed(command: list[str]) -> float:
    """Wall time of one run of ``command``, which must succeed."""
    return run(command)[0]


def run(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, its worker processes included) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_memory(command: list[str]) -> dict[str, float]:
    """Peak memory of ``command`` and its worker processes, in MB, sampled every 10 ms from /proc.

    ``rss_sum`` adds each process's own peak RSS (pages shared by forked workers counted in each: an upper
    bound); ``pss`` is the highest sampled sum of proportional set sizes (shared pages split fairly);
    ``rss_max`` is the largest single process.
    """
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=ROOT)
    peaks: dict[int, int] = {}
    pss_peak = 0
    while process.poll() is None:
        tree = [process.pid]
        for pid in tree:
            tree += _children(pid)
        for pid in tree:
            peaks[pid] = max(peaks.get(pid, 0), _status_kb(pid, "VmHWM"))
        pss_peak = max(pss_peak, sum(_pss_kb(pid) for pid in tree))
        time.sleep(0.01)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed")
    return {"rss_sum": sum(peaks.values()) / 1024, "rss_max": max(peaks.values(), default=0) / 1024,
            "pss": pss_peak / 1024, "processes": len(peaks)}


def mtimes(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_ino) for p in folder.rglob("*") if p.is_file()}


def _spin(count: int) -> int:
    total = 0
    for number in range(count):
        total += number * number
    return total


def machine_parallelism(jobs: int) -> float:
    """Wall time of a pure-Python loop in ``jobs`` processes over one process: the best --jobs can do now."""
    from multiprocessing import Pool

    work = [2_000_000] * (2 * jobs)
    start = time.perf_counter()
    for count in work:
        _spin(count)
    serial = time.perf_counter() - start
    with Pool(jobs) as pool:
        start = time.perf_counter()
        pool.map(_spin, work)
        parallel = time.perf_counter() - start
    return parallel / serial


# --- the floor's input --------------------------------------------------------------------------


def floor_spec(out: Path, pictures: Path) -> list[dict]:
    """Every artifact of a kitgen build with its content, read back from the files (see bench/floor.py).

    Decks keep each slide's layout, every shape with its position, paragraphs and runs (text, size, bold),
    every picture (saved into ``pictures``) and the notes; PDFs keep the text of each page and the web
    addresses that get a QR code, and the sheets every drawn path (:func:`page_paths`); texts are kept whole.
    """
    from pptx import Presentation
    from pypdf import PdfReader

    pictures.mkdir(parents=True, exist_ok=True)
    spec = []
    for artifact in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["artifacts"]:
        path = out / artifact["path"]
        entry = {"path": artifact["path"], "kind": artifact["kind"]}
        if path.suffix == ".pptx":
            entry["slides"] = [
                {
                    "layout": slide.slide_layout.name,
                    "shapes": [_shape_spec(shape, pictures) for shape in slide.shapes],
                    "notes": slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "",
                }
                for slide in Presentation(path).slides
            ]
        elif path.suffix == ".pdf":
            reader = PdfReader(path)
            entry["pages"] = [[line for line in (page.extract_text() or "").splitlines() if line.strip()]
                              for page in reader.pages]
            if artifact["kind"] in SHEETS:
                entry["drawing"] = [page_paths(page, reader) for page in reader.pages]
        else:
            entry["text"] = path.read_text(encoding="utf-8")
        spec.append(entry)
    return spec


#: The kinds whose drawn parts (writing lines, tick boxes, blanks, cutting lines, boxes, table rules) the
#: floor draws too: the issue asks for them, and a text-only floor would not draw what the sheets must.
SHEETS = ("worksheet", "answers")
_PATH_OPS = {b"m": 2, b"l": 2, b"c": 6, b"v": 4, b"y": 4, b"re": 4, b"h": 0}
_PAINT_OPS = {b"S": (1, 0), b"s": (1, 0), b"f": (0, 1), b"F": (0, 1), b"f*": (0, 1), b"B": (1, 1),
              b"B*": (1, 1), b"b": (1, 1), b"b*": (1, 1)}


def page_paths(page, reader) -> list[list]:
    """Every stroked or filled path of a PDF page, in page coordinates, with the line width, dash and
    colours it is painted in: ``[width, dash, stroke rgb, fill rgb, stroke?, fill?, [[op, *points]...]]``.

    Text (BT … ET) is left out: the floor sets the page's text itself. Pictures are not read (sheets have
    none yet).
    """
    from pypdf.generic import ContentStream

    def apply(m, x, y):
        return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]]

    def times(a, b):
        return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
                a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]

    state = {"ctm": [1, 0, 0, 1, 0, 0], "width": 1.0, "dash": [[], 0], "stroke": [0, 0, 0], "fill": [0, 0, 0]}
    stack, path, paths, in_text = [], [], [], False
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        values = [float(v) for v in operands if isinstance(v, (int, float))]
        if op == b"BT":
            in_text = True
        elif op == b"ET":
            in_text = False
        elif op == b"q":
            stack.append(dict(state))
        elif op == b"Q":
            state = stack.pop()
        elif op == b"cm":
            state["ctm"] = times(values, state["ctm"])
        elif op == b"w":
            state["width"] = values[0] * abs(state["ctm"][0])
        elif op == b"d":
            state["dash"] = [[float(v) for v in operands[0]], float(operands[1])]
        elif op in (b"RG", b"rg", b"G", b"g"):
            colour = values * 3 if op in (b"G", b"g") else values
            state["stroke" if op in (b"RG", b"G") else "fill"] = colour
        elif in_text:
            continue
        elif op in _PATH_OPS:
            m = state["ctm"]
            if op == b"re":
                x, y = apply(m, values[0], values[1])
                path.append(["re", x, y, values[2] * m[0], values[3] * m[3]])
            else:
                points = [c for i in range(0, len(values), 2) for c in apply(m, values[i], values[i + 1])]
                path.append([op.decode(), *points])
        elif op in _PAINT_OPS:
            stroke, fill = _PAINT_OPS[op]
            if path:
                paths.append([state["width"], state["dash"], state["stroke"], state["fill"], stroke, fill, path])
            path = []
        elif op == b"n":
            path = []
    return paths


def _catalogue_svg(name: str) -> str | None:
    """The SVG file (inside assets/) of the catalogue picture a deck's picture is named after, or None."""
    from kitgen.pictures import load_pictures

    catalogue = load_pictures(ROOT / "assets")[0]
    if name in catalogue and catalogue[name].file.endswith(".svg"):
        return catalogue[name].file
    return None


def _shape_spec(shape, pictures: Path) -> dict:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    box = [shape.left or 0, shape.top or 0, shape.width or 0, shape.height or 0]
    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        return {"group": [_shape_spec(child, pictures) for child in shape.shapes]}
    if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
        drawn = _catalogue_svg(shape.name)
        if drawn is not None:  # the floor draws it from the same SVG, at the same size, as kitgen does
            return {"svg": drawn, "pixels": shape.image.size[0], "box": box}
        name = hashlib.sha256(shape.image.blob).hexdigest()[:16] + "." + shape.image.ext
        (pictures / name).write_bytes(shape.image.blob)
        return {"picture": name, "box": box}
    paragraphs = [
        [[run.text, run.font.size, run.font.bold] for run in paragraph.runs]
        for paragraph in (shape.text_frame.paragraphs if shape.has_text_frame else [])
    ]
    if shape.is_placeholder:
        return {"placeholder": shape.placeholder_format.idx, "paragraphs": paragraphs}
    try:
        auto_shape = int(shape.auto_shape_type)
    except (AttributeError, NotImplementedError, ValueError):
        auto_shape = 1  # a rectangle, for text boxes and the like
    return {"shape": auto_shape, "box": box, "paragraphs": paragraphs}


# --- kitgen's phases, in this process ---------------------------------------------------------------


def phases(lessons: Path, scratch: Path) -> tuple[dict[str, float], dict[str, float], int]:
    """CPU seconds per phase of a one-process build, per artifact kind, and the number of kits."""
    from kitgen.build import artifact_path
    from kitgen.context import BuildContext
    from kitgen.fingerprint import InputHasher
    from kitgen.loader import load_catalog
    from kitgen.output import OutputFolder
    from kitgen.renderers.pdfbase import register_fonts
    from kitgen.rendering import Task, default_renderers, render, settled_heap
    from kitgen.view import make_view

    context = BuildContext()
    clock = time.process_time  # CPU seconds: one process, so on a quiet machine its wall time; on a busy one, steadier
    start = clock()
    catalog = load_catalog(lessons, context.assets_dir)
    loaded = clock()
    kits = [(lesson, band.id, lang) for lesson in catalog.lessons for band in catalog.bands for lang in ("nl", "en")]
    views = [make_view(catalog, lesson, band, lang) for lesson, band, lang in kits]
    viewed = clock()
    hasher = InputHasher(context, catalog)
    inputs = [hasher.artifact_inputs(hasher.kit_digest(lesson, band), lang, "x") for lesson, band, lang in kits]
    hashed = clock()
    registry = default_renderers().load()
    register_fonts(context.fonts_dir)  # read once per process, here rather than in the first sheet, as the floor does
    imported = clock()
    per_kind = {kind: 0.0 for kind in registry.kinds}
    with OutputFolder(scratch) as output, settled_heap():  # as a one-process build renders
        staged = []
        write_time = 0.0
        for view, digest in zip(views, inputs):
            for kind in registry.kinds:
                begin = clock()
                result = render(registry, Task(view, kind, digest), context)
                middle = clock()
                path = artifact_path(view.lesson_id, view.band.id, view.lang, kind, result.suffix)
                staged.append(output.stage(path, result.data, lesson=view.lesson_id, band=view.band.id,
                                           lang=view.lang, kind=kind, inputs=digest))
                per_kind[kind] += middle - begin
                write_time += clock() - middle
        begin = clock()
        output.commit("kitgen bench", staged, [])
        write_time += clock() - begin
    return ({"load and validate": loaded - start, "views": viewed - loaded, "input hashes": hashed - viewed,
             "import renderers, fonts": imported - hashed, "write files and manifest": write_time}, per_kind, len(kits))


# --- the run ------------------------------------------------------------------------------------


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def median_ratio(numerators: list[float], denominators: list[float]) -> float:
    return statistics.median(n / d for n, d in zip(numerators, denominators))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--lessons", type=Path, default=ROOT / "lessons")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for the parallel build")
    parser.add_argument("--phases-to", type=Path, help=argparse.SUPPRESS)  # one in-process build: its times as JSON
    args = parser.parse_args()
    if args.phases_to:
        print(json.dumps(phases(args.lessons.resolve(), args.phases_to)))
        return
    lessons = args.lessons.resolve()
    scratch = Path(tempfile.mkdtemp(prefix="kitgen-bench-"))
    # An installed kitgen runs from bytecode compiled at install time, as its libraries do. A checkout whose
    # environment says not to write bytecode (PYTHONDONTWRITEBYTECODE) would compile kitgen's modules anew
    # in every timed run; every command here, kitgen's and the floor's, keeps its bytecode in the scratch
    # folder instead (the first, untimed build writes it).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(scratch / "bytecode")
    print(f"machine: {machine()}; load average at start {os.getloadavg()[0]:.2f}")

    reference = scratch / "reference"
    subprocess.run([*KITGEN, "build", "--lessons", str(lessons), "--out", str(reference), "-q"], check=True, cwd=ROOT)
    spec = scratch / "spec.json"
    spec.write_text(json.dumps(floor_spec(reference, scratch / "pictures")), encoding="utf-8")
    floor = [*FLOOR, str(spec), str(scratch / "floor")]
    out = str(scratch / "kitgen")
    serial = [*KITGEN, "build", "--lessons", str(lessons), "--out", out, "-q", "--force", "--jobs", "1"]
    parallel = [*KITGEN, "build", "--lessons", str(lessons), "--out", out, "-q", "--force", "--jobs", str(args.jobs)]
    noop = [*KITGEN, "build", "--lessons", str(lessons), "--out", out, "-q"]

    times: dict[str, list[float]] = {"floor": [], "serial": [], "parallel": [], "noop": []}
    cpu: dict[str, list[float]] = {"floor": [], "serial": [], "parallel": [], "noop": []}
    rewritten = 0
    for round_number in range(args.rounds):
        order = [("floor", floor), ("serial", serial), ("parallel", parallel)]
        for name, command in order if round_number % 2 == 0 else reversed(order):
            wall, seconds = run(command)
            times[name].append(wall)
            cpu[name].append(seconds)
        before = mtimes(Path(out))
        wall, seconds = run(noop)
        times["noop"].append(wall)
        cpu["noop"].append(seconds)
        rewritten += sum(1 for path, stamp in mtimes(Path(out)).items() if before.get(path) != stamp)

    ceiling = statistics.median(machine_parallelism(args.jobs) for _ in range(3))
    start_up: dict[str, list[float]] = {"help": [], "click": []}
    for _ in range(10):
        start_up["click"].append(timed([sys.executable, "-c", "import click"]))
        start_up["help"].append(timed([*KITGEN, "--help"]))
    heavy = {}
    for name, command in (("--help", ["--help"]), ("check", ["check", "--lessons", str(lessons)])):
        trace = subprocess.run([sys.executable, "-X", "importtime", *KITGEN[1:], *command], capture_output=True,
                               text=True, cwd=ROOT).stderr
        heavy[name] = sorted({m for m in ("reportlab", "pptx") if f" {m}\n" in trace or f" {m}." in trace})

    memory = {name: peak_memory(command) for name, command in
              (("floor", floor), ("kitgen --jobs 1", serial), (f"kitgen --jobs {args.jobs}", parallel))}
    # kitgen by phase and kind, and the floor by kind, each in a fresh process, alternately, once a round
    own_runs, floor_runs = [], []
    for round_number in range(args.rounds):
        own = [sys.executable, __file__, "--lessons", str(lessons), "--phases-to", str(scratch / f"phases{round_number}")]
        for runs, command in ((own_runs, own), (floor_runs, floor))[::1 if round_number % 2 == 0 else -1]:
            runs.append(json.loads(subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout))
    phase_times = {name: statistics.median(run[0][name] for run in own_runs) for name in own_runs[0][0]}
    kind_times = {kind: statistics.median(run[1][kind] for run in own_runs) for kind in own_runs[0][1]}
    kits = own_runs[0][2]
    floor_kinds = {kind: statistics.median(run.get(kind, 0.0) for run in floor_runs) for kind in floor_runs[0]}
    files = len(json.loads(spec.read_text(encoding="utf-8")))

    med = {name: statistics.median(values) for name, values in times.items()}
    med_cpu = {name: statistics.median(values) for name, values in cpu.items()}
    full_ratio = median_ratio(times["serial"], times["floor"])
    full_cpu_ratio = median_ratio(cpu["serial"], cpu["floor"])
    parallel_ratio = median_ratio(times["parallel"], times["serial"])
    help_ratio = median_ratio(start_up["help"], start_up["click"])
    rendering = sum(kind_times.values()) - kind_times.get("letter-text", 0.0)
    own = sum(phase_times.values()) - phase_times["import renderers, fonts"] + kind_times.get("letter-text", 0.0)
    own_share = own / (own + rendering + phase_times["import renderers, fonts"])

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print(f"\n{kits} kits, {files} files, {args.rounds} rounds; medians (ratios: median of the per-round ratios)")
    print(f"  {'':<40} {'wall':>7} {'cpu':>7}")
    print(f"  {'floor (python-pptx + reportlab alone)':<40} {med['floor']:6.2f}s {med_cpu['floor']:6.2f}s")
    print(f"  {'kitgen build --force --jobs 1':<40} {med['serial']:6.2f}s {med_cpu['serial']:6.2f}s   "
          f"ratio to floor: wall {full_ratio:.2f}, cpu {full_cpu_ratio:.2f}  "
          f"(target <= 1.20: wall {verdict(full_ratio <= 1.2)}, cpu {verdict(full_cpu_ratio <= 1.2)})")
    print(f"  {f'kitgen build --force --jobs {args.jobs}':<40} {med['parallel']:6.2f}s {med_cpu['parallel']:6.2f}s   "
          f"wall ratio to --jobs 1: {parallel_ratio:.2f}  (target <= 0.65: {verdict(parallel_ratio <= 0.65)})")
    print(f"  {'':<40} {'':>16}   the same ratio for a pure-Python loop on this machine now: {ceiling:.2f}")
    print(f"  {'kitgen build, nothing changed':<40} {med['noop']:6.2f}s {med_cpu['noop']:6.2f}s   "
          f"(target <= 0.30 s: {verdict(med['noop'] <= 0.3)}); files rewritten: {rewritten}")
    print(f"  kitgen --help {statistics.median(start_up['help']):.3f} s, python -c 'import click' "
          f"{statistics.median(start_up['click']):.3f} s, ratio {help_ratio:.2f}  "
          f"(target <= 2: {verdict(help_ratio <= 2)})")
    print(f"  python -c pass (this machine's interpreter start-up) {timed([sys.executable, '-c', 'pass']):.3f} s")
    for name, modules in heavy.items():
        print(f"  kitgen {name} imports reportlab/python-pptx: {', '.join(modules) or 'no'}")
    print("\nkitgen in one process, by phase (CPU s, median of the rounds):")
    for name, seconds in phase_times.items():
        print(f"  {name:<28} {seconds:6.3f}")
    print("render time by kind (CPU s, all kits, median of the rounds; each in a fresh process), kitgen and the floor:")
    for kind, seconds in kind_times.items():
        floor_seconds = floor_kinds.get(kind, 0.0)
        ratio = f"{seconds / floor_seconds:5.2f}x the floor" if floor_seconds > 0.01 else ""
        print(f"  {kind:<28} {seconds:6.3f}   ({seconds / kits * 1000:3.0f} ms per file)   "
              f"floor {floor_seconds:6.3f}   {ratio}")
    print(f"kitgen's own work (YAML, validation, views, hashes, templates, writing, manifest): {own:.3f} s, "
          f"{own_share:.0%} of the build  (target < 20%: {verdict(own_share < 0.2)})")
    print("\npeak memory (MB): rss_sum = each process's peak added up, pss = shared pages split fairly, "
          "rss_max = largest process")
    for name, figures in memory.items():
        print(f"  {name:<18} rss_sum {figures['rss_sum']:6.1f}   pss {figures['pss']:6.1f}   "
              f"rss_max {figures['rss_max']:6.1f}   over {figures['processes']} processes")
    worst = max(f["rss_sum"] for name, f in memory.items() if name.startswith("kitgen"))
    print(f"  target < 200 MB for a full build: {verdict(worst < 200)}")
    print(f"load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
