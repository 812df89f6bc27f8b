"""The actorgraph command line: thin commands that parse options and call the library."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from actorgraph import __version__
from actorgraph.errors import ActorgraphError
from actorgraph.ingest import ReadReport, read_documents

app = typer.Typer(
    name="actorgraph",
    help="Turn news into a map of who deals with whom.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)

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


def _fail(error: Exception, debug: bool) -> None:
    if debug:
        raise error
    err.print(f"[red]error:[/red] {error}", highlight=False, markup=True)
    raise typer.Exit(getattr(error, "exit_code", EXIT_FAILED))


def _report_exit(report: ReadReport) -> int:
    for skip in report.skipped[:20]:
        err.print(f"skipped {skip.origin}: {skip.reason}", highlight=False, markup=False)
    if len(report.skipped) > 20:
        err.print(f"... and {len(report.skipped) - 20} more skipped", highlight=False)
    for warn in report.warnings[:5]:
        err.print(f"warning {warn.origin}: {warn.reason}", highlight=False, markup=False)
    if report.documents == 0:
        err.print("error: no document could be read", highlight=False)
        return EXIT_FAILED
    return EXIT_SKIPPED if report.skipped else EXIT_OK


@app.command()
def build(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path(
        "actorgraph-out"
    ),
    model: ModelOpt = None,
    text_column: TextColumnOpt = "text",
    batch_size: BatchOpt = 32,
    title: Annotated[str, typer.Option("--title", help="Title of the HTML page.")] = "actorgraph",
    debug: DebugOpt = False,
) -> None:
    """Read news, extract who interacts with whom, store it and write an HTML page.

    Writes OUT/actorgraph.db and OUT/graph.html. Documents already stored are skipped.
    """
    from actorgraph.pipeline import build as run_build
    from actorgraph.pipeline import count_documents

    report = ReadReport()
    try:
        total = None if "-" in paths else count_documents(paths, text_column=text_column)
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as bar:
            task = bar.add_task("extracting", total=total)
            result = run_build(
                paths, out, model=model, text_column=text_column, batch_size=batch_size,
                report=report, progress=lambda n: bar.advance(task, n), title=title,
            )  # fmt: skip
    except ActorgraphError as error:
        _fail(error, debug)
        return
    code = _report_exit(report)
    if report.documents == 0:
        raise typer.Exit(code)
    c = result.counts
    out_console = Console()
    out_console.print(
        f"{c['documents']} documents ({result.new_documents} new), {c['actors']} actors, "
        f"{c['interactions']} interactions",
        highlight=False,
    )
    if result.top_actors:
        table = Table("actor", "partners", title="top actors", title_justify="left")
        for name, degree in result.top_actors:
            table.add_row(name, str(degree))
        out_console.print(table)
    out_console.print(f"store: {result.store_path}", highlight=False, markup=False)
    out_console.print(f"page:  {result.html_path}", highlight=False, markup=False)
    raise typer.Exit(code)


EVENT_FIELDS = [
    "doc_id", "date", "source", "source_id", "source_type", "source_country", "target",
    "target_id", "target_type", "target_country", "type", "mode", "directed", "status",
    "trigger", "sentence", "start", "end", "confidence",
]  # fmt: skip


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
    debug: DebugOpt = False,
) -> None:
    """Print one interaction record per line (JSON Lines or CSV), without storing anything."""
    from actorgraph.pipeline import extract_events

    if fmt not in ("jsonl", "csv"):
        err.print(f"error: --format must be jsonl or csv, not {fmt!r}", highlight=False)
        raise typer.Exit(EXIT_FAILED)
    report = ReadReport()
    handle = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        documents = read_documents(paths, text_column=text_column, report=report)
        records = _records(extract_events(documents, model=model, batch_size=batch_size))
        if fmt == "jsonl":
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            writer = csv.DictWriter(handle, fieldnames=EVENT_FIELDS)
            writer.writeheader()
            for record in records:
                writer.writerow({k: _csv_cell(v) for k, v in record.items()})
    except ActorgraphError as error:
        _fail(error, debug)
    finally:
        if output:
            handle.close()
        else:
            handle.flush()
    raise typer.Exit(_report_exit(report))


def _records(extractions) -> Iterator[dict]:
    for extraction in extractions:
        for interaction in extraction.interactions:
            yield interaction.to_record()


def _csv_cell(value):
    """Keep spreadsheet programs from reading article text as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


if __name__ == "__main__":  # pragma: no cover
    app()
