"""The actorgraph command line: thin commands that parse options and call the library."""

from __future__ import annotations

import csv
import functools
import inspect
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from actorgraph import __version__
from actorgraph.atomic import atomic_path
from actorgraph.errors import ActorgraphError
from actorgraph.export import csv_cell as _csv_cell
from actorgraph.filters import GraphFilter
from actorgraph.ingest import SUPPORTED_SUFFIXES, ReadReport
from actorgraph.model import RECORD_FIELDS

app = typer.Typer(
    name="actorgraph",
    help="Turn news into a map of who deals with whom.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
#: C0 and C1 control characters but tab and newline: an escape sequence in a name, an
#: id or a file name from an article would drive the terminal (issue 16).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(text: str) -> str:
    """Text as the terminal may show it: control characters as visible ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _cleaned(obj: object) -> object:
    if isinstance(obj, str):
        return _clean(obj)
    if isinstance(obj, Text) and _CONTROL.search(obj.plain):
        return Text(_clean(obj.plain), style=obj.style)
    return obj


class _SafeConsole(Console):
    """A console that never passes a control character of the text to the terminal
    (its own styling still does): every string and Text printed is cleaned, and table
    cells are made by :func:`_t`, which cleans them."""

    def print(self, *objects: object, **kwargs: object) -> None:
        super().print(*(_cleaned(o) for o in objects), **kwargs)  # type: ignore[arg-type]


err = _SafeConsole(stderr=True, soft_wrap=True)  # one message, one line, whatever the width

#: Exit codes: 0 every input read, 1 some input skipped, 2 usage error or nothing read.
EXIT_OK, EXIT_SKIPPED, EXIT_FAILED = 0, 1, 2

PathsArg = Annotated[
    list[str], typer.Argument(help="Files (.txt, .jsonl, .csv), directories, or - for stdin.")
]
ModelOpt = Annotated[
    str | None,
    typer.Option("--model", help="An installed spaCy pipeline (default: en_core_web_sm)."),
]
TextColumnOpt = Annotated[
    str, typer.Option("--text-column", help="The CSV column that holds the text.")
]
BatchOpt = Annotated[int, typer.Option("--batch-size", min=1, help="Documents per spaCy batch.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")]
WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        help="Processes that parse (default: one per core); with --engine dask and no "
        "--scheduler, the LocalCluster's workers (default 2).",
    ),
]
ExtractorModelOpt = Annotated[
    str | None,
    typer.Option(
        "--extractor-model",
        help="What decides which actors interact: a model folder written by `actorgraph "
        "train`, or 'rules' for the hand-written constructions alone (default: the model "
        "shipped with actorgraph).",
    ),
]
ActorsOpt = Annotated[
    Path | None,
    typer.Option(
        "--actors",
        help="A TOML actor dictionary: names, aliases, countries, sectors and dated roles "
        "that override what the model finds.",
    ),
]
ParseOpt = Annotated[
    str,
    typer.Option(
        "--parse",
        help="selective: tag and parse only sentences that can hold an interaction; "
        "full: every sentence.",
    ),
]
EngineOpt = Annotated[
    str, typer.Option("--engine", help="local (this machine) or dask (a Dask cluster).")
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Dask scheduler address (tcp://host:8786); default: start a LocalCluster.",
    ),
]
PartsOpt = Annotated[
    str | None,
    typer.Option(
        "--parts",
        help="Where Dask workers write Parquet partitions: a directory or fsspec URL they "
        "and this machine share (default: OUT/parts, or a temporary directory).",
    ),
]
DateFieldOpt = Annotated[
    str | None,
    typer.Option(
        "--date-field",
        help="The JSONL field or CSV column of the date (default: date, published, ...).",
    ),
]
DayfirstOpt = Annotated[
    bool,
    typer.Option("--dayfirst", help="Read ambiguous dates such as 02/01/2022 day first."),
]
KeepLinesOpt = Annotated[
    bool,
    typer.Option(
        "--keep-lines", help="Do not join hard-wrapped lines (every line break ends a sentence)."
    ),
]
ReportOpt = Annotated[
    Path | None,
    typer.Option(
        "--report", help="Write what was read, skipped and warned about, per file, as JSON."
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"actorgraph {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    """Turn news into a map of who deals with whom."""


#: Exit code of a run stopped with Ctrl-C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130
#: Skips and warnings printed at most; ``--report FILE`` has them all.
SHOWN = 20


def _describe(error: BaseException) -> str:
    """One line for any error: our own messages as they are, the OS's with the path."""
    if isinstance(error, ActorgraphError):
        return str(error)
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror.lower()}{where}"
    return f"unexpected {type(error).__name__}: {error} (run with --debug for the traceback)"


def _fail(error: BaseException, debug: bool) -> None:
    if debug:
        raise error
    # Text, not markup: paths and article text may hold [brackets].
    err.print(Text.assemble(("error:", "red"), f" {' '.join(_describe(error).split())}"))
    raise typer.Exit(getattr(error, "exit_code", EXIT_FAILED))


def _interrupted() -> None:
    err.print(
        "interrupted: every batch stored so far is kept; run the same command again to go on",
        highlight=False,
        markup=False,
    )
    raise typer.Exit(EXIT_INTERRUPTED)


def _write_report(path: Path | None, report: ReadReport, code: int, **extra: object) -> None:
    """Write the run's report as JSON to the file ``--report`` names (if any)."""
    if path is None:
        return
    data = {"exit_code": code, **extra, **report.to_dict()}
    try:
        with atomic_path(path) as tmp:
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as error:
        err.print(Text(f"error: cannot write the report: {_describe(error)}"))


def _report_exit(report: ReadReport, report_file: Path | None = None) -> int:
    for skip in report.skipped[:SHOWN]:
        err.print(f"skipped {skip.origin}: {skip.reason}", highlight=False, markup=False)
    more = " (--report FILE lists them all)" if report_file is None else ""
    if len(report.skipped) > SHOWN:
        err.print(f"... and {len(report.skipped) - SHOWN} more skipped{more}", highlight=False)
    for warn in report.warnings[:SHOWN]:
        err.print(f"warning {warn.origin}: {warn.reason}", highlight=False, markup=False)
    if len(report.warnings) > SHOWN:
        err.print(f"... and {len(report.warnings) - SHOWN} more warnings{more}", highlight=False)
    if report.documents == 0:
        err.print("error: no document could be read", highlight=False)
        return EXIT_FAILED
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def _progress_bar() -> Progress:
    """A progress bar on standard error, shown only when it is a terminal."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _characters(n: float) -> str:
    return f"{n / 1e6:.1f}M" if n >= 1e5 else f"{n / 1e3:.0f}k" if n >= 1e3 else f"{n:.0f}"


class _TextDoneColumn(ProgressColumn):
    """Characters of text parsed, and documents done, of how many (when known)."""

    def render(self, task: Task) -> Text:
        text = _characters(task.completed)
        if task.total is not None:
            text += f" of {_characters(task.total)}"
        docs = f"{task.fields.get('documents', 0):,}"
        if task.fields.get("of") is not None:
            docs += f"/{task.fields['of']:,}"
        return Text(f"{text} characters, {docs} documents", style="progress.download")


class _TextProgress:
    """The progress bar of ``build`` and ``events``: it moves with the characters of text
    parsed, so it moves inside a long document (parsed in pieces) too, and it counts the
    documents done. Shown only on a terminal (and not with ``show=False``), and only
    then is the input measured first (a pass that reads, but parses nothing)."""

    def __init__(self, paths: list[str], options, *, show: bool = True) -> None:
        show = show and err.is_terminal
        self.bar = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            _TextDoneColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            disable=not show,
        )
        documents = characters = None
        if show and "-" not in paths:
            from actorgraph.pipeline import measure_input

            documents, characters = measure_input(paths, read_options=options)
        self.task: TaskID = self.bar.add_task(
            "extracting", total=characters, documents=0, of=documents
        )
        self.done = 0

    def documents(self, n: int) -> None:
        self.done += n
        self.bar.update(self.task, documents=self.done)

    def text(self, n: int) -> None:
        self.bar.advance(self.task, n)

    def __enter__(self) -> _TextProgress:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(*exc)  # type: ignore[arg-type]


@app.command()
def build(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path(
        "actorgraph-out"
    ),
    model: ModelOpt = None,
    text_column: TextColumnOpt = "text",
    batch_size: BatchOpt = 32,
    workers: WorkersOpt = None,
    parse: ParseOpt = "selective",
    actors: ActorsOpt = None,
    infer_countries: Annotated[
        bool | None,
        typer.Option(
            "--infer-countries/--no-infer-countries",
            help="Give a person no text places the country every document naming them "
            "is about, marked 'inferred' (default: as the store last said; on for a "
            "new store).",
        ),
    ] = None,
    engine: EngineOpt = "local",
    scheduler: SchedulerOpt = None,
    parts: PartsOpt = None,
    title: Annotated[str, typer.Option("--title", help="Title of the HTML page.")] = "actorgraph",
    extractor_model: ExtractorModelOpt = None,
    min_confidence: MinConfidenceOpt = None,
    date_field: DateFieldOpt = None,
    dayfirst: DayfirstOpt = False,
    keep_lines: KeepLinesOpt = False,
    report_file: ReportOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Read news, extract who interacts with whom, store it and write an HTML page.

    Writes OUT/actorgraph.db and OUT/graph.html. Documents already stored are skipped.
    Exit code 0: every input read; 1: some input skipped; 2: usage error, or nothing
    could be read.
    """
    from actorgraph.pipeline import build as run_build
    from actorgraph.pipeline import read_options_for

    report = ReadReport()
    try:
        options = read_options_for(
            model,
            text_column=text_column,
            date_field=date_field,
            dayfirst=dayfirst,
            join_lines=not keep_lines,
        )
        with _TextProgress(paths, options) as shown:
            result = run_build(
                paths,
                out,
                model=model,
                text_column=text_column,
                batch_size=batch_size,
                report=report,
                progress=shown.documents,
                text_progress=shown.text,
                title=title,
                workers=workers,
                parse=parse,
                engine=engine,
                scheduler=scheduler,
                parts=parts,
                actors=actors,
                infer_countries=infer_countries,
                extractor_model=extractor_model,
                min_confidence=min_confidence,
                read_options=options,
            )
    except KeyboardInterrupt:
        _write_report(report_file, report, EXIT_INTERRUPTED, error="interrupted")
        _interrupted()
        return
    except Exception as error:  # anything else: one line, unless --debug
        _write_report(report_file, report, EXIT_FAILED, error=_describe(error))
        _fail(error, debug)
        return
    code = _report_exit(report, report_file)
    c = result.counts
    _write_report(
        report_file,
        report,
        code,
        error=None,
        store=str(result.store_path),
        page=str(result.html_path),
        stored=c,
        new_documents=result.new_documents,
        resolution=_resolution_report(result.resolution),
    )
    if report.documents == 0:
        raise typer.Exit(code)
    out_console = _SafeConsole()
    out_console.print(
        f"{c['documents']} documents ({result.new_documents} new), {c['actors']} actors, "
        f"{c['interactions']} interactions",
        highlight=False,
    )
    _print_reading(out_console, report, report_file)
    if result.resolution is not None:
        _print_resolution(out_console, result.resolution)
    if result.top_actors:
        table = Table("actor", "partners", title="top actors", title_justify="left")
        for name, degree in result.top_actors:
            table.add_row(_t(name), str(degree))
        out_console.print(table)
    out_console.print(f"store: {result.store_path}", highlight=False, markup=False)
    out_console.print(f"page:  {result.html_path}", highlight=False, markup=False)
    raise typer.Exit(code)


def _print_reading(console: Console, report: ReadReport, report_file: Path | None) -> None:
    """Say how many documents were read without a date, and how the text was formed."""
    where = f" (listed in {report_file})" if report_file else " (--report FILE lists them)"
    if report.undated:
        console.print(
            f"{len(report.undated)} of {report.documents} documents undated{where}",
            highlight=False,
            markup=False,
        )
    if report.joined or report.boilerplate:
        console.print(
            f"hard-wrapped lines joined in {report.joined} documents; "
            f"{report.boilerplate} boilerplate lines left out",
            highlight=False,
            markup=False,
        )
    if report.ignored:
        console.print(
            f"{report.ignored} files in folders not read (hidden, or not "
            f"{', '.join(SUPPORTED_SUFFIXES)})",
            highlight=False,
            markup=False,
        )
    for item in report.replaced[:SHOWN]:  # a changed text of a stored article
        console.print(f"{item.origin}: {item.reason}", highlight=False, markup=False)
    if len(report.replaced) > SHOWN:
        console.print(
            f"... and {len(report.replaced) - SHOWN} more replaced{where}",
            highlight=False,
            markup=False,
        )


@app.command("import")
def import_(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="FILE", help="Event files: tab-separated, plain, .gz or .zip."),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="gdelt, icews or polecat.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The store's directory.")] = Path(
        "actorgraph-out"
    ),
    title: Annotated[str, typer.Option("--title", help="Title of the HTML page.")] = "actorgraph",
    report_file: ReportOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Import coded event data (GDELT 2.0, ICEWS, POLECAT) into a store beside the news.

    CAMEO codes become PLOVER types; every record keeps its dataset as its provenance
    (filter with --provenance), its source URL or story id as evidence. Records already
    stored are not added again. Exit code 0: every row imported; 1: some skipped;
    2: usage error, or nothing could be read.
    """
    from actorgraph.eventdata import FORMATS, ImportReport
    from actorgraph.pipeline import import_events

    if fmt not in FORMATS:
        err.print(
            f"error: --format must be one of {', '.join(FORMATS)}, not {fmt!r}",
            highlight=False,
            markup=False,
        )
        raise typer.Exit(EXIT_FAILED)
    report = ImportReport()
    try:
        result = import_events(paths, fmt, out, report=report, title=title)
    except KeyboardInterrupt:
        _interrupted()
        return
    except Exception as error:  # anything else: one line, unless --debug
        _fail(error, debug)
        return
    for skip in report.skipped[:SHOWN]:
        err.print(f"skipped {skip.origin}: {skip.reason}", highlight=False, markup=False)
    if len(report.skipped) > SHOWN:
        err.print(f"... and {len(report.skipped) - SHOWN} more skipped", highlight=False)
    code = EXIT_FAILED if report.records == 0 else EXIT_SKIPPED if report.skipped else EXIT_OK
    if report_file is not None:
        data = {
            "exit_code": code,
            "new_records": result.new_records,
            "stored": result.counts,
            "resolution": _resolution_report(result.resolution),
            **report.to_dict(),
        }
        try:
            with atomic_path(report_file) as tmp:
                tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
        except OSError as error:
            err.print(Text(f"error: cannot write the report: {_describe(error)}"))
    if report.records == 0:
        err.print("error: no record could be read", highlight=False)
        raise typer.Exit(code)
    c = result.counts
    _SafeConsole().print(
        f"{report.records} {fmt} records read ({result.new_records} new); the store holds "
        f"{c['documents']} documents, {c['actors']} actors, {c['interactions']} interactions",
        highlight=False,
        markup=False,
    )
    if result.resolution is not None:
        _print_resolution(_SafeConsole(), result.resolution)
    _SafeConsole().print(f"store: {result.store_path}", highlight=False, markup=False)
    _SafeConsole().print(f"page:  {result.html_path}", highlight=False, markup=False)
    raise typer.Exit(code)


def _resolution_report(resolution) -> dict | None:
    """What resolution did, for the JSON report: counts and every ambiguous short name."""
    if resolution is None:
        return None
    return {
        "merged": resolution.merged,
        "ignored": resolution.ignored,
        "set_aside": dict(resolution.dropped),
        "ambiguous": [{"name": name, "fits": list(fits)} for name, fits in resolution.ambiguous],
    }


def _print_resolution(console: Console, resolution, shown: int = 10) -> None:
    """One line on what corpus-wide resolution merged, then the short names it left
    apart because they fit several full names."""
    dropped = resolution.dropped
    console.print(
        f"resolved: {resolution.merged} names joined another actor, "
        f"{resolution.ignored} ignored ({dropped.get('ignored', 0)} interactions dropped), "
        f"{len(resolution.ambiguous)} ambiguous short names left apart",
        highlight=False,
        markup=False,
    )
    for name, fits in resolution.ambiguous[:shown]:
        console.print(f"  ambiguous: {name} -> {' | '.join(fits)}", highlight=False, markup=False)
    if len(resolution.ambiguous) > shown:
        console.print(f"  ... and {len(resolution.ambiguous) - shown} more", highlight=False)


@app.command()
def events(
    paths: PathsArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl or csv.")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    model: ModelOpt = None,
    text_column: TextColumnOpt = "text",
    batch_size: BatchOpt = 32,
    workers: WorkersOpt = None,
    parse: ParseOpt = "selective",
    actors: ActorsOpt = None,
    engine: EngineOpt = "local",
    scheduler: SchedulerOpt = None,
    parts: PartsOpt = None,
    extractor_model: ExtractorModelOpt = None,
    min_confidence: MinConfidenceOpt = None,
    date_field: DateFieldOpt = None,
    dayfirst: DayfirstOpt = False,
    keep_lines: KeepLinesOpt = False,
    report_file: ReportOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Print one interaction record per line (JSON Lines or CSV), without storing anything."""
    from actorgraph.pipeline import extract_paths, read_options_for

    if fmt not in ("jsonl", "csv"):
        err.print(f"error: --format must be jsonl or csv, not {fmt!r}", highlight=False)
        raise typer.Exit(EXIT_FAILED)
    if min_confidence is not None:
        from actorgraph.filters import GraphFilter

        try:
            GraphFilter(min_confidence=min_confidence)
        except ActorgraphError as error:
            _fail(error, debug)
            return
    report = ReadReport()
    try:
        handle = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    except OSError as error:
        _fail(error, debug)
        return
    try:
        options = read_options_for(
            model,
            text_column=text_column,
            date_field=date_field,
            dayfirst=dayfirst,
            join_lines=not keep_lines,
        )
        # Not over records printed to the same terminal.
        shown_here = output is not None or not sys.stdout.isatty()
        with _TextProgress(paths, options, show=shown_here) as shown:
            extractions = extract_paths(
                paths,
                model=model,
                text_column=text_column,
                batch_size=batch_size,
                report=report,
                workers=workers,
                parse=parse,
                engine=engine,
                scheduler=scheduler,
                parts=parts,
                actors=actors,
                extractor_model=extractor_model,
                read_options=options,
                text_progress=shown.text,
            )
            records = _records(_counted(extractions, shown.documents), min_confidence)
            if fmt == "jsonl":
                for record in records:
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                writer = csv.DictWriter(handle, fieldnames=RECORD_FIELDS)
                writer.writeheader()
                for record in records:
                    writer.writerow({k: _csv_cell(v) for k, v in record.items()})
    except KeyboardInterrupt:
        _write_report(report_file, report, EXIT_INTERRUPTED, error="interrupted")
        _interrupted()
    except Exception as error:  # anything else: one line, unless --debug
        _write_report(report_file, report, EXIT_FAILED, error=_describe(error))
        _fail(error, debug)
    finally:
        if output:
            handle.close()
        else:
            handle.flush()
    code = _report_exit(report, report_file)
    _write_report(report_file, report, code, error=None)
    raise typer.Exit(code)


def _counted(items: Iterator[Any], count: Callable[[int], None]) -> Iterator[Any]:
    """The items, each counted as it passes."""
    for item in items:
        yield item
        count(1)


def _records(extractions, min_confidence: float | None = None) -> Iterator[dict]:
    for extraction in extractions:
        for interaction in extraction.interactions:
            if min_confidence is None or interaction.confidence >= min_confidence:
                yield interaction.to_record()


@app.command()
def evaluate(
    gold: Annotated[
        list[Path],
        typer.Argument(
            metavar="GOLD.jsonl...",
            help="Gold files: JSON Lines, one annotated document a line "
            "(the format of ../shared/eval/GUIDELINES.md).",
        ),
    ],
    extractor_model: ExtractorModelOpt = None,
    predictions: Annotated[
        Path | None,
        typer.Option(
            "--predictions",
            help="Score this file of interaction records (JSON Lines, as `actorgraph events` "
            "writes them) instead of running the extractor.",
        ),
    ] = None,
    model: ModelOpt = None,
    parse: ParseOpt = "selective",
    batch_size: BatchOpt = 32,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object instead of tables.")
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Precision, recall and F1 against gold annotations, per file and overall.

    Runs the extractor over the gold texts (or reads --predictions) and scores at four
    levels: pair (who with whom), directed, typed (pair and PLOVER type) and country.
    Exit code 0: scored; 1: some predictions name documents in no gold file; 2: a gold
    or predictions file is missing or malformed, or a usage error.
    """
    from actorgraph.evaluate import (
        assign_predictions,
        format_table,
        merge_scores,
        predict_gold,
        read_gold,
        read_predictions,
        rounded_levels,
        score,
    )

    if predictions is not None and (extractor_model is not None or model is not None):
        err.print(
            "error: --predictions scores a file as it is; it takes no --extractor-model or --model",
            highlight=False,
        )
        raise typer.Exit(EXIT_FAILED)
    if parse not in ("selective", "full"):
        err.print(f"error: --parse must be selective or full, not {parse!r}", highlight=False)
        raise typer.Exit(EXIT_FAILED)
    unknown: list[dict] = []
    try:
        gold_files = {str(path): read_gold(path) for path in gold}
        if predictions is not None:
            by_file, unknown = assign_predictions(gold_files, read_predictions(predictions))
        else:
            from actorgraph.nlp import load_pipeline

            nlp = load_pipeline(model)
            with _progress_bar() as bar:
                task = bar.add_task("extracting", total=sum(map(len, gold_files.values())))
                by_file = {
                    name: predict_gold(
                        docs, nlp, parse=parse, extractor_model=extractor_model,
                        batch_size=batch_size, progress=lambda n: bar.advance(task, n),
                    )
                    for name, docs in gold_files.items()
                }  # fmt: skip
    except KeyboardInterrupt:
        err.print("interrupted", highlight=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception as error:  # anything else: one line, unless --debug
        _fail(error, debug)
        return
    results = {name: score(docs, by_file[name]) for name, docs in gold_files.items()}
    overall = merge_scores(results.values())
    if as_json:
        _print_json(
            {
                "overall": rounded_levels(overall),
                "files": {name: rounded_levels(result) for name, result in results.items()},
                "documents": overall["documents"],
                "predictions": overall["predictions"],
            }
        )
    else:
        for name, result in results.items():
            typer.echo(format_table(name, result) + "\n")
        typer.echo(format_table(f"overall ({len(results)} files)", overall))
    if unknown:
        ids = sorted({str(p.get("doc_id")) for p in unknown})
        err.print(
            Text(
                f"warning: {len(unknown)} predictions name {len(ids)} documents in no gold file "
                f"(not scored), e.g. {ids[0]!r}"
            )
        )
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def train(
    gold: Annotated[
        list[Path],
        typer.Argument(
            metavar="GOLD.jsonl...",
            help="Annotated documents: JSON Lines in the format of the gold files "
            "(../shared/eval/GUIDELINES.md).",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the model to.")],
    folds: Annotated[
        int,
        typer.Option(
            "--folds",
            min=0,
            help="Cross-validate by document with this many folds before the final fit "
            "(0 or 1: no cross-validation).",
        ),
    ] = 5,
    model: ModelOpt = None,
    parse: ParseOpt = "selective",
    seed: Annotated[int, typer.Option("--seed", help="Seed of the fold split.")] = 0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the figures as one JSON object.")
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Train the extractor's decision model on annotated documents.

    Every pair of actors in a sentence of the gold texts becomes an example; the model
    learns which pairs interact, their PLOVER type and their direction. Prints the
    cross-validated precision, recall and F1 (by document, --folds parts) and the figure
    on the training documents themselves, and writes OUT/model.json.gz; use it with
    --extractor-model OUT on build, events and evaluate.
    Exit code 0: trained; 2: a gold file is missing or malformed, or nothing to learn.
    """
    from actorgraph.evaluate import read_gold
    from actorgraph.nlp import load_pipeline
    from actorgraph.training import train_model

    try:
        gold_files = {str(path): read_gold(path) for path in gold}
        nlp = load_pipeline(model)
        total = sum(map(len, gold_files.values()))
        with _progress_bar() as bar:
            task = bar.add_task("parsing", total=total)
            result = train_model(
                gold_files, nlp, out, folds=folds, parse=parse, seed=seed,
                progress=lambda n: bar.advance(task, n),
            )  # fmt: skip
    except KeyboardInterrupt:
        err.print("interrupted", highlight=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception as error:  # anything else: one line, unless --debug
        _fail(error, debug)
        return
    if as_json:
        _print_json(result.summary())
        return
    typer.echo(result.describe())
    typer.echo(f"model: {result.path}")


# ---------------------------------------------------------------------------- analysis

LevelOpt = Annotated[
    str,
    typer.Option(
        "--level",
        help="See the store as actors, as countries (GDELT-style dyads: every actor with "
        "a country becomes it) or as country+sector (GBRGOV, RUSMIL).",
    ),
]


def _opened(store: Path, level: str):
    """The store opened read-only, seen at a level (see Store's ``level``)."""
    from actorgraph.store import Store

    return Store(store, read_only=True, level=level)


StoreArg = Annotated[
    Path, typer.Argument(help="A built store: the --out directory of build, or its .db file.")
]
SinceOpt = Annotated[
    str | None, typer.Option("--since", help="From this date (YYYY-MM-DD, YYYY-MM or YYYY).")
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="Up to this date, inclusive (YYYY-MM-DD, YYYY-MM).")
]
TypesOpt = Annotated[
    str | None, typer.Option("--types", help="PLOVER types, comma-separated: AGREE,CONSULT,...")
]
QuadOpt = Annotated[
    str | None,
    typer.Option(
        "--quad",
        help="Quad classes, comma-separated: verbal-coop, material-coop, verbal-conf, "
        "material-conf, neutral.",
    ),
]
StatusOpt = Annotated[
    str | None, typer.Option("--status", help="occurred, planned, negated (comma-separated).")
]
CountryOpt = Annotated[
    str | None,
    typer.Option("--country", help="Interactions with an actor of these countries (RUS,UKR)."),
]
MinWeightOpt = Annotated[
    int | None,
    typer.Option("--min-weight", min=0, help="Drop pairs of actors with fewer interactions."),
]
WeightOpt = Annotated[
    str,
    typer.Option("--weight", help="What a link's weight counts: events or mentions."),
]
MinConfidenceOpt = Annotated[
    float | None,
    typer.Option(
        "--min-confidence",
        help="Keep interactions whose confidence is at least this (0 to 1).",
    ),
]
ProvenanceOpt = Annotated[
    str | None,
    typer.Option(
        "--provenance",
        help="Only interactions of these provenances: extracted (news parsed here), gdelt, "
        "icews, polecat (imported), comma-separated.",
    ),
]

#: The options every analysis command shares, as (parameter, annotation): they become
#: one :class:`actorgraph.filters.GraphFilter`, passed to the command as ``where``.
FILTER_OPTIONS: tuple[tuple[str, Any], ...] = (
    ("since", SinceOpt),
    ("until", UntilOpt),
    ("types", TypesOpt),
    ("quad", QuadOpt),
    ("status", StatusOpt),
    ("country", CountryOpt),
    ("min_confidence", MinConfidenceOpt),
    ("provenance", ProvenanceOpt),
    ("min_weight", MinWeightOpt),
)


def filter_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the filter options (and ``--weight``), once for all commands.

    The command takes ``where: GraphFilter`` instead (its ``weight`` is ``--weight``);
    the filter is built and validated here, and a bad value is one line and exit code 2.
    """
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "where"]
    debug_at = next((i for i, p in enumerate(own) if p.name == "debug"), len(own))
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=kind)
        for name, kind in FILTER_OPTIONS
    ]
    added.append(
        inspect.Parameter(
            "weight", inspect.Parameter.KEYWORD_ONLY, default="events", annotation=WeightOpt
        )
    )
    positional = [p for p in own[:debug_at] if p.kind != inspect.Parameter.KEYWORD_ONLY]
    keyword = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own if p not in positional]
    debug_last = [p for p in keyword if p.name == "debug"]
    keyword = [p for p in keyword if p.name != "debug"]

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        values = {name: kwargs.pop(name) for name, _ in FILTER_OPTIONS}
        weight = kwargs.pop("weight")
        try:
            where = GraphFilter(
                since=values["since"],
                until=values["until"],
                types=values["types"],
                quads=values["quad"],
                statuses=values["status"],
                countries=values["country"],
                min_confidence=values["min_confidence"],
                provenance=values["provenance"],
                min_weight=values["min_weight"],
                weight=weight,
            )
        except ActorgraphError as error:
            _fail(error, bool(kwargs.get("debug")))
            return
        command(*args, where=where, **kwargs)

    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*positional, *keyword, *added, *debug_last]
    )
    return run


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
PeriodOpt = Annotated[str, typer.Option("--period", help="day, week or month.")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Seed of communities and sampling.")]


def _load(store: Path, where: GraphFilter):
    """The filtered multigraph of a store: every interaction kept, with its evidence."""
    from actorgraph.graph import load_graph

    return load_graph(store, where)


def _print_json(data) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _t(value) -> Text:
    """A table cell shown as it is: names from articles are not rich markup."""
    if value is None:
        return Text("")
    if isinstance(value, float):
        return Text(f"{value:.3g}")
    return Text(_clean(str(value)))


def _table(title: str, *columns: str) -> Table:
    return Table(*columns, title=title, title_justify="left")


def _short(text: str, n: int = 100) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _resolve(graph, query: str) -> str:
    """The actor a query means; a guess among several is said on stderr."""
    from actorgraph.analyze import other_matches, resolve_actor

    node = resolve_actor(graph, query)
    others = other_matches(graph, query, node)
    if others:
        label = graph.nodes[node].get("label") or node
        err.print(
            f"{query!r} read as {label} ({node}); {others} other actor(s) match: "
            "see `actorgraph actors STORE QUERY`",
            highlight=False,
            markup=False,
        )
    return node


def _provenance_counts(store: Path) -> dict[str, dict[str, int]]:
    """Documents and interactions of the whole store by provenance (news, datasets)."""
    from actorgraph.store import Store

    with Store(store, read_only=True) as opened:
        return opened.provenance_counts()


def _documents_per_date(store: Path, where: GraphFilter) -> dict[str, int]:
    """A timeline's denominator: the store's documents per date, within --since/--until,
    of the --provenance asked (news parsed here by default)."""
    from actorgraph.store import Store

    with Store(store, read_only=True) as opened:
        return opened.documents_per_date(where=where)


@app.command()
@filter_options
def stats(
    store: StoreArg,
    where: GraphFilter = GraphFilter(),  # noqa: B008 - frozen; filter_options passes it
    top: Annotated[int, typer.Option("--top", min=1, help="Rows per list.")] = 10,
    seed: SeedOpt = 0,
    k: Annotated[
        int | None,
        typer.Option(
            "--k",
            min=1,
            help="Betweenness from k sampled actors (default: exact "
            "up to 500 actors, 200 samples above).",
        ),
    ] = None,
    period: PeriodOpt = "month",
    as_json: JsonOpt = False,
    level: LevelOpt = "actor",
    debug: DebugOpt = False,
) -> None:
    """Counts, central actors, communities, brokers, reciprocity and who cooperates or clashes."""
    from actorgraph.analyze import stats as compute_stats
    from actorgraph.graph import load_summary

    try:
        with _opened(store, level) as opened:
            graph = load_summary(opened, where)
        report = compute_stats(graph, weight=where.weight, top=top, seed=seed, k=k, period=period)
        report["provenance"] = _provenance_counts(store)
    except (ActorgraphError, ValueError) as error:
        _fail(error, debug)
        return
    if as_json:
        _print_json(report)
        return
    out = _SafeConsole()
    out.print(
        f"{report['documents']} documents, {report['actors']} actors "
        f"({report['linked_actors']} with partners), {report['interactions']} interactions "
        f"= {report['events']} events, {report['pairs']} pairs; weights count {where.weight}",
        highlight=False,
    )
    kinds = report["provenance"]
    if set(kinds) - {"extracted"}:  # say what the store mixes, where it mixes anything
        out.print(
            "in the store: "
            + ", ".join(
                f"{name} {n['documents']} documents / {n['interactions']} interactions"
                for name, n in kinds.items()
            ),
            highlight=False,
            markup=False,
        )
    approx = report["betweenness"]
    for measure, rows in report["top_actors"].items():
        name = measure.replace("_", " ")
        if measure == "betweenness" and approx["approximate"]:
            name += f" (estimated from {approx['k']} samples)"
        table = _table(f"top actors by {name}", "actor", "type", "country", "score")
        for row in rows:
            table.add_row(_t(row["label"]), _t(row["type"]), _t(row["country"]), _t(row["score"]))
        out.print(table)
    comms = report["communities"]
    table = _table(
        f"communities ({comms['count']}, Louvain, seed {comms['seed']})",
        "#",
        "size",
        "main members",
    )
    for c in comms["largest"]:
        table.add_row(
            _t(c["id"]), _t(c["size"]), _t(", ".join(m["label"] for m in c["top_members"]))
        )
    out.print(table)
    table = _table(
        "brokers (actors bridging communities)",
        "actor",
        "community",
        "communities reached",
        "participation",
    )
    for b in report["brokers"]:
        table.add_row(
            _t(b["label"]), _t(b["community"]), _t(b["communities"]), _t(b["participation"])
        )
    out.print(table)
    r = report["reciprocity"]
    share = "n/a" if r["reciprocity"] is None else f"{r['reciprocity']:.2f}"
    out.print(
        f"reciprocity: {r['mutual_pairs']} of {r['directed_pairs']} pairs with directed "
        f"interactions have them both ways ({share})",
        highlight=False,
    )
    table = _table(
        f"pairs: cooperation vs conflict (trend per {period})",
        "pair",
        "coop",
        "conflict",
        "neutral",
        "balance",
        "trend",
    )
    for d in report["dyads"]:
        trend = "" if d["trend"] is None else f"{d['trend']:+.2f} {d['direction']}"
        table.add_row(
            _t(f"{d['source_label']} – {d['target_label']}"),
            _t(d["cooperation"]),
            _t(d["conflict"]),
            _t(d["neutral"]),
            _t(d["balance"]),
            _t(trend),
        )
    out.print(table)


@app.command()
@filter_options
def actors(
    store: StoreArg,
    query: Annotated[
        str | None, typer.Argument(help="Find by name or alias (any case, accents optional).")
    ] = None,
    where: GraphFilter = GraphFilter(),  # noqa: B008 - frozen; filter_options passes it
    limit: Annotated[int, typer.Option("--limit", min=0, help="Most rows shown (0: all).")] = 50,
    as_json: JsonOpt = False,
    write_dictionary: Annotated[
        Path | None,
        typer.Option(
            "--dictionary",
            help="Write every actor of the store to this file as an actor dictionary "
            "(TOML), to correct and build with (--actors).",
        ),
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """Actors with their type, country, aliases, mentions and interactions."""
    from actorgraph.analyze import actor_summary

    if write_dictionary is not None:
        from actorgraph.corrections import dictionary_entries
        from actorgraph.corrections import write_dictionary as write

        try:
            from actorgraph.store import Store

            with Store(store, create=False) as opened:
                entries = dictionary_entries(opened)
            write(entries, write_dictionary)
        except (ActorgraphError, OSError) as error:
            _fail(error, debug)
            return
        Console().print(Text(f"{len(entries)} actors -> {write_dictionary}"), highlight=False)
        return
    try:
        graph = _load(store, where)
        rows = actor_summary(graph, query, weight=where.weight)
    except (ActorgraphError, ValueError) as error:
        _fail(error, debug)
        return
    shown = rows[:limit] if limit else rows
    if as_json:
        _print_json(shown)
    else:
        out = _SafeConsole()
        for r in shown:
            country = r["country"]
            if country and r.get("country_source") == "inferred":
                country += " (inferred)"
            place = ", ".join(x for x in (r["type"], country) if x)
            out.print(
                Text(
                    f"{r['label']}  [{r['id']}]  {place}: {r['mentions']} mentions, "
                    f"{r['interactions']} interactions ({r['events']} events), "
                    f"{r['partners']} partners"
                ),
                highlight=False,
            )
            if r["aliases"]:
                out.print(Text("    also: " + _short("; ".join(r["aliases"]), 160)))
        more = (
            f", {len(rows) - len(shown)} more (--limit 0 shows all)"
            if len(shown) < len(rows)
            else ""
        )
        out.print(Text(f"{len(rows)} actors{more}"), highlight=False)
    if query and not rows:
        raise typer.Exit(EXIT_SKIPPED)


# ------------------------------------------------------------------------- corrections

DictionaryOpt = Annotated[
    Path | None,
    typer.Option(
        "--dictionary",
        help="The dictionary file to write the correction to (default: corrections.toml "
        "beside the store, which every build of that store applies).",
    ),
]


def _corrected(what: str, resolution, path: Path) -> None:
    out = Console()
    out.print(Text(what), highlight=False)
    _print_resolution(out, resolution, shown=3)
    out.print(Text(f"dictionary: {path}"), highlight=False)
    # Drawing the page takes longer than the correction: once, after a series of them.
    out.print(Text("the page is drawn again by `actorgraph html STORE`"), highlight=False)


@app.command()
def resolve(
    store: StoreArg,
    actors: ActorsOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Resolve the store's actors again (its corrections file, and --actors if given),
    without parsing anything; the page beside the store is drawn again."""
    from actorgraph.corrections import store_dictionary
    from actorgraph.pipeline import HTML_NAME
    from actorgraph.render import write_store_page
    from actorgraph.resolve import resolve_store
    from actorgraph.store import Store

    try:
        with Store(store, create=False, lock=True) as opened:
            resolution = resolve_store(opened, store_dictionary(opened.path, actors))
            page = opened.path.parent / HTML_NAME
            if page.exists():
                write_store_page(opened, page)
    except ActorgraphError as error:
        _fail(error, debug)
        return
    _print_resolution(Console(), resolution)


@app.command()
def merge(
    store: StoreArg,
    name: Annotated[str, typer.Argument(help="The actor to merge (id, name or alias).")],
    into: Annotated[str, typer.Argument(help="The actor it is part of (id, name or alias).")],
    dictionary: DictionaryOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Merge one actor into another: written to the dictionary, applied to the store now."""
    from actorgraph.corrections import corrections_path, merge_actors

    try:
        a, b, resolution = merge_actors(store, name, into, dictionary)
        path = dictionary or corrections_path(store)
    except ActorgraphError as error:
        _fail(error, debug)
        return
    _corrected(f"merged {a.name} [{a.id}] into {b.name} [{b.id}]", resolution, path)


@app.command()
def rename(
    store: StoreArg,
    name: Annotated[str, typer.Argument(help="The actor (id, name or alias).")],
    new_name: Annotated[str, typer.Argument(help="Its new name.")],
    dictionary: DictionaryOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Rename an actor (its old names stay aliases): written to the dictionary, applied now."""
    from actorgraph.corrections import corrections_path, rename_actor

    try:
        a, resolution = rename_actor(store, name, new_name, dictionary)
        path = dictionary or corrections_path(store)
    except ActorgraphError as error:
        _fail(error, debug)
        return
    _corrected(f"renamed {a.name} [{a.id}] to {new_name}", resolution, path)


@app.command()
def ignore(
    store: StoreArg,
    name: Annotated[str, typer.Argument(help="The actor (id, name or alias).")],
    dictionary: DictionaryOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Drop a name that is no actor, with its interactions: written to the dictionary
    (type IGNORE), applied to the store now."""
    from actorgraph.corrections import corrections_path, ignore_actor

    try:
        a, resolution = ignore_actor(store, name, dictionary)
        path = dictionary or corrections_path(store)
    except ActorgraphError as error:
        _fail(error, debug)
        return
    _corrected(f"ignored {a.name} [{a.id}]", resolution, path)


def _print_link(out: Console, link: dict, evidence: int) -> None:
    out.print(
        Text(
            f"{link['source_label']} – {link['target_label']}: {link['events']} events, "
            f"{link['mentions']} mentions; "
            + ", ".join(f"{t} {n}" for t, n in link["types"].items())
        ),
        highlight=False,
    )
    for it in link["interactions"][:evidence]:
        arrow = "→" if it["directed"] else "–"
        line = (
            f"    {it['date'] or 'undated'} {it['source_label']} {arrow} "
            f"{it['target_label']} {it['type']} ({it['status']}) [{it['doc_id']}] "
            f"{_short(it['sentence'])}"
        )
        out.print(Text(line), highlight=False)
    if evidence and len(link["interactions"]) > evidence:
        out.print(Text(f"    … {len(link['interactions']) - evidence} more"), highlight=False)


EvidenceOpt = Annotated[int, typer.Option("--evidence", min=0, help="Sentences shown per link.")]


@app.command()
@filter_options
def ego(
    store: StoreArg,
    actor: Annotated[str, typer.Argument(help="An actor id, name or alias.")],
    radius: Annotated[int, typer.Option("--radius", min=0, help="Links away from ACTOR.")] = 1,
    where: GraphFilter = GraphFilter(),  # noqa: B008 - frozen; filter_options passes it
    evidence: EvidenceOpt = 3,
    as_json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Who an actor deals with, and what each link rests on."""
    from actorgraph.analyze import ego_network

    try:
        graph = _load(store, where)
        node = _resolve(graph, actor)
        report = ego_network(graph, node, radius=radius, weight=where.weight)
    except (ActorgraphError, ValueError) as error:
        _fail(error, debug)
        return
    if as_json:
        _print_json(report)
        return
    out = _SafeConsole()
    a = report["actor"]
    out.print(
        Text(
            f"{a['label']} ({a['id']}, {a['type'] or 'unknown type'}"
            f"{', ' + a['country'] if a['country'] else ''}): "
            f"{len(report['nodes']) - 1} actors within {radius} link(s)"
        )
    )
    for link in report["links"]:
        _print_link(out, link, evidence)


@app.command()
@filter_options
def path(
    store: StoreArg,
    source: Annotated[str, typer.Argument(help="From this actor (id, name or alias).")],
    target: Annotated[str, typer.Argument(help="To this actor.")],
    where: GraphFilter = GraphFilter(),  # noqa: B008 - frozen; filter_options passes it
    evidence: EvidenceOpt = 3,
    as_json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """How two actors are connected: the fewest links, each with its evidence."""
    from actorgraph.analyze import connection_path

    try:
        graph = _load(store, where)
        a, b = _resolve(graph, source), _resolve(graph, target)
        steps = connection_path(graph, a, b, weight=where.weight)
    except (ActorgraphError, ValueError) as error:
        _fail(error, debug)
        return
    if as_json:
        _print_json({"source": a, "target": b, "path": steps})
    elif steps is None:
        err.print(
            Text(
                f"{graph.nodes[a].get('label', a)} and {graph.nodes[b].get('label', b)} "
                "are not connected"
            )
        )
    else:
        out = _SafeConsole()
        out.print(Text(f"{len(steps)} link(s)"), highlight=False)
        for step in steps:
            _print_link(out, step, evidence)
    if steps is None:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
@filter_options
def timeline(
    store: StoreArg,
    actor_names: Annotated[
        list[str] | None,
        typer.Argument(metavar="[ACTOR | A B]", help="One actor, or two for their dealings."),
    ] = None,
    period: PeriodOpt = "month",
    where: GraphFilter = GraphFilter(),  # noqa: B008 - frozen; filter_options passes it
    as_json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Interactions per day, week or month, by quad class, beside the documents of each
    period and the interactions per 100 documents."""
    from actorgraph.analyze import timeline as compute_timeline

    names = actor_names or []
    if len(names) > 2:
        err.print("error: give at most two actors", highlight=False)
        raise typer.Exit(EXIT_FAILED)
    try:
        graph = _load(store, where)
        nodes = [_resolve(graph, name) for name in names]
        documents = _documents_per_date(store, where)
        report = compute_timeline(
            graph, nodes, period=period, weight=where.weight, documents=documents
        )
    except (ActorgraphError, ValueError) as error:
        _fail(error, debug)
        return
    if as_json:
        _print_json({"actors": nodes, **report})
        return
    from actorgraph.model import QUADS

    table = _table(f"{where.weight} per {period}", period, "total", *QUADS, "docs", "per 100 docs")
    table.columns[0].no_wrap = True  # a narrow terminal wraps the counts, not the period
    for row in report["rows"]:
        rate = row["per_100_documents"]
        table.add_row(
            _t(row["period"]),
            _t(row["total"]),
            *(_t(row[q]) for q in QUADS),
            _t(row["documents"]),
            _t("-" if rate is None else f"{rate:.1f}"),
        )
    out = _SafeConsole()
    out.print(table)
    out.print(
        f"undated: {report['undated']}, total: {report['total']}; documents: "
        f"{report['documents']} ({report['undated_documents']} undated)",
        highlight=False,
    )


@app.command()
@filter_options
def export(
    store: StoreArg,
    to: Annotated[str, typer.Option("--to", help="graphml, gexf, json, csv, parquet or cypher.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    table: Annotated[
        str,
        typer.Option("--table", help="For csv/parquet: events, mentions, edges or actors."),
    ] = "events",
    where: GraphFilter = GraphFilter(),  # noqa: B008 - frozen; filter_options passes it
    level: LevelOpt = "actor",
    debug: DebugOpt = False,
) -> None:
    """Write the graph for Gephi, Cytoscape, Neo4j, spreadsheets or pandas."""
    from actorgraph.export import export_graph
    from actorgraph.graph import load_graph

    try:
        with _opened(store, level) as opened:
            graph = load_graph(opened, where)
        written = export_graph(graph, output, to, table=table, weight=where.weight)
    except (ActorgraphError, ValueError, OSError) as error:
        _fail(error, debug)
        return
    err.print(
        f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} interactions -> {written}",
        highlight=False,
        markup=False,
    )


#: How the page's level switch names each level.
LEVEL_NAMES = {"actor": "actors", "country": "countries", "sector": "countries and sectors"}


@app.command()
@filter_options
def html(
    store: StoreArg,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="The page to write (default: graph.html beside the store)."
        ),
    ] = None,
    title: Annotated[str, typer.Option("--title", help="Title of the page.")] = "actorgraph",
    png: Annotated[
        Path | None,
        typer.Option(
            "--png",
            help="Also save the page's first view as a PNG (needs Chromium and playwright).",
        ),
    ] = None,
    svg: Annotated[
        Path | None,
        typer.Option("--svg", help="Also save the first view as an SVG (vector), likewise."),
    ] = None,
    where: GraphFilter = GraphFilter(),  # noqa: B008 - frozen; filter_options passes it
    level: LevelOpt = "actor",
    levels: Annotated[
        bool,
        typer.Option(
            "--levels",
            help="Embed the other levels too (actors, countries, countries and sectors), "
            "with a switch between them on the page.",
        ),
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Draw the page again from the store, with the filters given.

    With --png / --svg, the page is opened in headless Chromium (1440x900) and its
    first view saved, as the page's own PNG and SVG buttons would. With --levels, the
    page can switch between the store seen as actors, countries and country+sectors.
    """
    from actorgraph.render import write_pictures, write_store_page

    try:
        target = output
        if target is None:
            folder = store if store.is_dir() else store.parent
            target = folder / "graph.html"
        others = {}
        if levels:
            from actorgraph.graph import load_summary

            for other in LEVEL_NAMES:
                if other != level:
                    with _opened(store, other) as seen:
                        others[LEVEL_NAMES[other]] = load_summary(seen, where, linked_only=True)
        with _opened(store, level) as opened:
            written, _ = write_store_page(
                opened, target, where, title=title, levels=others or None,
                level=LEVEL_NAMES[level],
            )  # fmt: skip
    except (ActorgraphError, ValueError, OSError) as error:
        _fail(error, debug)
        return
    err.print(f"page: {written}", highlight=False, markup=False)
    if png is None and svg is None:
        return
    try:
        pictures = write_pictures(written, png=png, svg=svg)
    except (ActorgraphError, OSError) as error:
        _fail(error, debug)
        return
    for picture in pictures:
        err.print(f"picture: {picture}", highlight=False, markup=False)


if __name__ == "__main__":  # pragma: no cover
    app()
