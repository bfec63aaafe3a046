#!/usr/bin/env python3
"""Executes Jupyter notebooks headless with nbclient and writes the executed copies.

Called by `deno task notebooks` (tasks/notebooks.ts), which registers a private Deno kernelspec and passes
NOTEBOOK_SIZE through; run it directly only with a `deno` kernelspec on JUPYTER_PATH.

The Deno kernel sometimes reports `idle` before the last outputs of a cell have reached the IOPub channel,
and nbclient stops reading at `idle`, silently dropping them. `LingeringClient` keeps reading IOPub after
`idle` until the channel has been quiet for `--linger` seconds, so those outputs are kept.

With `--html`, each executed notebook is also rendered to a static HTML page beside it (nbconvert's
classic template; a chart's PNG fallback is what the page shows), for readers without Jupyter.

Needs Debian's python3-nbclient, python3-nbformat and python3-jupyter-client (or the pip packages), and
python3-nbconvert for `--html`; no ipykernel. Exit status: 0 when every notebook ran without error, 1 otherwise, 2 on bad arguments.
"""
import argparse
import os
import queue
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete, CellExecutionError, CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async


class LingeringClient(NotebookClient):
    """A NotebookClient that keeps reading a cell's outputs for a short quiet period after `idle`."""

    linger_seconds = 0.3

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        while True:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=self.linger_seconds))
            except queue.Empty:
                return
            if msg["parent_header"].get("msg_id") != parent_msg_id or msg["msg_type"] == "status":
                continue
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                pass


def coalesce_streams(outputs):
    """Merges consecutive stream outputs of the same stream (the kernel sends one per line)."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", help="the .ipynb files, run in this order")
    parser.add_argument("--out", required=True, help="folder of the executed copies (created)")
    parser.add_argument("--kernel", default="deno", help="kernelspec name (default: deno)")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per cell (default: 1800)")
    parser.add_argument(
        "--linger", type=float, default=0.3, help="quiet seconds to wait for late outputs after idle"
    )
    parser.add_argument(
        "--startup-timeout", type=int, default=120, help="seconds for the kernel to start (default: 120)"
    )
    parser.add_argument("--html", action="store_true", help="also render each executed notebook to HTML")
    return parser.parse_args(argv)


def run_one(path, args):
    """Executes one notebook; returns (ok, message). The executed copy is written even on failure."""
    nb = nbformat.read(path, as_version=4)
    client = LingeringClient(
        nb,
        kernel_name=args.kernel,
        timeout=args.timeout,
        startup_timeout=args.startup_timeout,
        record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    )
    client.linger_seconds = args.linger
    name = os.path.basename(path)
    started = time.monotonic()
    cell_started = [started]

    def on_cell_start(cell, cell_index):
        cell_started[0] = time.monotonic()

    def on_cell_done(cell, cell_index, execute_reply):
        # Each code cell's own seconds and the seconds since the notebook started (a cell's first result).
        now = time.monotonic()
        kinds = sorted({output.output_type for output in cell.outputs}) or ["no output"]
        print(
            f"notebooks: {name} cell {cell_index}: {now - cell_started[0]:.1f}s, done at {now - started:.1f}s"
            f" ({', '.join(kinds)})",
            flush=True,
        )

    client.on_cell_execute = on_cell_start
    client.on_cell_executed = on_cell_done
    ok, message = True, ""
    try:
        client.execute()
    except CellExecutionError as error:
        ok, message = False, str(error)
    except (CellTimeoutError, DeadKernelError, RuntimeError, OSError) as error:
        ok, message = False, f"{type(error).__name__}: {error}"
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    out = os.path.join(args.out, os.path.basename(path))
    write_atomic(out, nbformat.writes(nb) + "\n")
    if args.html:
        from nbconvert import HTMLExporter

        body, _ = HTMLExporter(template_name="classic").from_notebook_node(nb)
        # The template links this machine's jQuery, RequireJS and MathJax by absolute file: path; the page
        # needs none of them, and a copy elsewhere would not find them.
        body = re.sub(r'<script src="file://[^"]*">\s*</script>\n?', "", body)
        write_atomic(os.path.splitext(out)[0] + ".html", body)
    return ok, message


def write_atomic(path, text):
    """Writes a file through a temporary file and a rename, so a reader never sees half of it."""
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv):
    args = parse_args(argv)
    if args.html:
        try:
            import nbconvert  # noqa: F401
        except ImportError:
            print("notebooks: --html needs nbconvert (apt-get install python3-nbconvert)", file=sys.stderr)
            return 2
    os.makedirs(args.out, exist_ok=True)
    failed = []
    for path in args.notebooks:
        name = os.path.basename(path)
        print(f"notebooks: {name} running", flush=True)
        t0 = time.monotonic()
        ok, message = run_one(path, args)
        seconds = time.monotonic() - t0
        if ok:
            print(f"notebooks: {name} done in {seconds:.1f}s", flush=True)
        else:
            failed.append(name)
            print(f"notebooks: {name} FAILED after {seconds:.1f}s\n{message}", file=sys.stderr, flush=True)
    if failed:
        print(f"notebooks: {len(failed)} of {len(args.notebooks)} failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"notebooks: {len(args.notebooks)} executed into {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
