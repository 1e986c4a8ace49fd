"""How the kit serves its pages: the kernel transport, which pages to keep warm, and in what order.

Voila uses it through `voila.json` (at the project root), which names `PacedKernelManager` as
its kernel manager and asks for IPC. Three decisions live here:

- **Kernels talk over Unix sockets (IPC), not TCP** (`KernelManager.transport`). With TCP, jupyter_client picks free
  ports and the kernel binds them a moment later; with many kernels starting at once on a busy machine
  another process takes a port in between, the kernel dies with "Address already in use" and the
  page never gets its widgets. Socket files in a private folder cannot collide. Where a platform
  has no Unix sockets (Windows), the kit falls back to TCP and says so in the log.
- **Warm only the pages of the day.** Each warm kernel holds 100-250 MB, so a laptop cannot keep
  one for every lesson. By default only the hub is warm and a lesson starts its kernel when it is
  opened; `ALIGNED_PREHEAT=fundamentals` (`make workshop LEVEL=fundamentals`) warms that level's
  lessons too, in teaching order.
- **One kernel heats at a time.** Starting every pool at once put the load average at 26 and made
  the hub wait over a minute. `PacedKernelManager` heats kernels one after the other (hub first),
  and a page somebody is waiting for jumps the queue.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

WORKSHOPS_DIR = Path(__file__).resolve().parent.parent / "workshops"
HUB = "index.ipynb"
LEVEL_NAMES = ("fundamentals", "intermediate", "advanced")
HUB_POOL_SIZE = 1
# How long one heating kernel may hold the queue; a notebook stuck in a cell must not stop the
# other pages from warming up.
HEAT_TIMEOUT_S = 120.0
# Warm kernels of one page that may die before its pool stops refilling (a broken kernel must
# not be restarted forever).
MAX_POOL_DEATHS = 3


class PreheatChoiceError(ValueError):
    """`ALIGNED_PREHEAT` (make's LEVEL) names something that is not a level."""


def ipc_available() -> bool:
    return hasattr(socket, "AF_UNIX") and not sys.platform.startswith("win")


def kernel_transport(log=None) -> str:
    """`ipc` where the platform has Unix sockets, else `tcp` with a line in the log saying why."""
    if ipc_available():
        return "ipc"
    message = (
        "Aligned: this platform has no Unix sockets, so kernels use TCP ports on 127.0.0.1; "
        "if a page ever fails to start with 'Address already in use', reload it."
    )
    if log is not None:
        log.warning(message)
    else:
        print(message, file=sys.stderr)
    return "tcp"


def parse_preheat_choice(text: str | None) -> tuple[str, ...]:
    """The levels to warm, from `ALIGNED_PREHEAT`: empty or `hub` (none), `all`, or level names.

    >>> parse_preheat_choice("fundamentals, advanced")
    ('fundamentals', 'advanced')
    """
    words = [word.strip().lower() for word in (text or "").replace(",", " ").split()]
    if not words or words == ["hub"]:
        return ()
    if words == ["all"]:
        return LEVEL_NAMES
    unknown = [word for word in words if word not in LEVEL_NAMES]
    if unknown:
        shown = ", ".join(repr(word[:40]) for word in unknown[:3])
        raise PreheatChoiceError(
            f"LEVEL={shown} is not a level. Use one of {', '.join(LEVEL_NAMES)} "
            "(several separated by commas), 'all', or leave LEVEL out to warm only the hub."
        )
    return tuple(dict.fromkeys(words))


def lessons_of(level: str, workshops_dir: Path = WORKSHOPS_DIR) -> list[str]:
    """A level's lesson notebooks in teaching order, relative to the workshops folder."""
    from widgets.core.lessons import catalogue  # reads every header: only when a level is warmed

    return [lesson.path for lesson in catalogue(workshops_dir)[level]]


def preheat_plan(
    levels: Sequence[str], room: bool = False, workshops_dir: Path = WORKSHOPS_DIR
) -> list[str]:
    """The notebooks to keep warm, in the order they are heated: the hub first, then each chosen
    level's lessons in teaching order. A room needs no warm kernel of its own: participants answer
    on pages the server renders without one (`widgets.live.server`); `room` is kept for callers."""
    plan = [HUB]
    for level in levels:
        plan.extend(lessons_of(level, workshops_dir))
    return plan


def pool_config(plan: Iterable[str]) -> dict:
    """Voila's `kernel_pools_config` for a plan: one warm kernel per planned page, none elsewhere."""
    pools: dict = {"default": {"pool_size": 0}}
    for notebook in plan:
        size = HUB_POOL_SIZE if notebook == HUB else 1
        pools[notebook] = {"pool_size": size}
    return pools


def plan_from_environment(environ) -> list[str]:
    """The preheat plan from `ALIGNED_PREHEAT` (make's LEVEL) and `ALIGNED_ROOM`.

    An unknown level ends the server with a one-line message (never a traceback): it is the
    trainer's command line.
    """
    try:
        levels = parse_preheat_choice(environ.get("ALIGNED_PREHEAT"))
    except PreheatChoiceError as error:
        print(f"\n{error}\n", file=sys.stderr)
        raise SystemExit(2) from None
    return preheat_plan(levels, room=environ.get("ALIGNED_ROOM") == "1")


class HeatQueue:
    """Lets one kernel heat at a time, in plan order; a page somebody waits for goes at once.

    `turn(notebook)` is an async context manager. Waiters are served by their rank in the plan
    (unknown notebooks last, then first come first served). `hurry(notebook)` starts a waiting
    notebook's turn immediately, beside the one heating: a person is waiting for it.
    """

    def __init__(self, order: Sequence[str] = ()):
        self._rank = {notebook: index for index, notebook in enumerate(order)}
        self._arrivals = itertools.count()
        self._waiting: list[tuple[int, int, str, asyncio.Future]] = []
        self._expected: set[str] = set()
        self.active = 0

    def waiting(self) -> list[str]:
        return [notebook for *_, notebook, _ in sorted(self._waiting, key=lambda w: w[:2])]

    def turn(self, notebook: str) -> _Turn:
        return _Turn(self, notebook)

    def hurry(self, notebook: str) -> bool:
        """Start `notebook`'s heating now: at once if it waits, or as soon as it asks."""
        for entry in list(self._waiting):
            if entry[2] == notebook and not entry[3].done():
                self._waiting.remove(entry)
                self._grant(entry[3])
                return True
        self._expected.add(notebook)  # its pool's refill delay has not ended yet
        return False

    async def _acquire(self, notebook: str) -> None:
        if notebook in self._expected:
            self._expected.discard(notebook)
            self.active += 1
            return
        if self.active == 0 and not self._waiting:
            self.active = 1
            return
        future = asyncio.get_running_loop().create_future()
        entry = (self._rank.get(notebook, len(self._rank)), next(self._arrivals), notebook, future)
        self._waiting.append(entry)
        try:
            await future
        except asyncio.CancelledError:
            if entry in self._waiting:
                self._waiting.remove(entry)
            elif future.done() and not future.cancelled():
                self._release()  # granted, then cancelled before it could use its turn
            raise

    def _grant(self, future: asyncio.Future) -> None:
        self.active += 1
        future.set_result(None)

    def _release(self) -> None:
        self.active -= 1
        while self.active == 0 and self._waiting:
            self._waiting.sort(key=lambda w: w[:2])
            *_, future = self._waiting.pop(0)
            if not future.done():
                self._grant(future)


class _Turn:
    def __init__(self, queue: HeatQueue, notebook: str):
        self.queue, self.notebook = queue, notebook

    async def __aenter__(self) -> None:
        await self.queue._acquire(self.notebook)

    async def __aexit__(self, *exc) -> None:
        self.queue._release()


async def settle(task: asyncio.Future, timeout: float = HEAT_TIMEOUT_S, paused=lambda: False) -> None:
    """Wait for a notebook's warm-up run to end (or fail, or outlast `timeout`) without
    cancelling it or raising its error: Voila reports that error to the page.

    `paused()` tells when the run waits for its page's request (a notebook reading the URL's
    query string with Voila's `get_query_string`): it is then as warm as it can be."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not task.done() and not paused() and loop.time() < deadline:
        await asyncio.wait({task}, timeout=min(0.1, max(deadline - loop.time(), 0)))


def _paced_manager_class():
    # jupyter_server is imported only by the server, never by a lesson's kernel.
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from traitlets import Float, List

    class PacedKernelManager(AsyncMappingKernelManager):
        """Voila's kernel manager base: heats pooled kernels one at a time (see `HeatQueue`).

        Voila builds its pooling manager as a subclass of this class
        (`voila_kernel_manager_factory`), and that subclass defines the two methods we need to
        pace. `__init_subclass__` wraps them there, so no Voila code is copied.
        """

        heat_order = List(config=True, help="Notebooks in the order their kernels are heated.")

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.config.KernelManager.get("transport") == "ipc" and not ipc_available():
                self.config.KernelManager.transport = kernel_transport(self.log)
            # The pools follow the day's plan (ALIGNED_PREHEAT, ALIGNED_ROOM) unless a
            # configuration sets them explicitly (the tests of live sessions do).
            plan = plan_from_environment(os.environ)
            if "kernel_pools_config" not in self.config.get("VoilaKernelManager", {}):
                self.kernel_pools_config = pool_config(plan)
            if not self.heat_order:
                self.heat_order = plan
            self.log.info("Aligned: keeping warm %s", ", ".join(plan))
        heat_timeout = Float(HEAT_TIMEOUT_S, config=True, help="Longest a heating kernel holds the queue (s).")

        def __init_subclass__(cls, **kwargs):
            super().__init_subclass__(**kwargs)
            if "_initialize" in cls.__dict__:
                cls._initialize = _paced_initialize(cls.__dict__["_initialize"])
            if "get_rendered_notebook" in cls.__dict__:
                cls.get_rendered_notebook = _hurried(cls.__dict__["get_rendered_notebook"])

        async def start_kernel(self, *args, **kwargs):
            kernel_id = await super().start_kernel(*args, **kwargs)
            # After an automatic restart a page's kernel is blank: its widgets are gone and the
            # page can never work again. Retire it, so that its page (and the pool) learn it.
            self.get_kernel(kernel_id).add_restart_callback(
                lambda: asyncio.ensure_future(self._retire(kernel_id)), "restart"
            )
            return kernel_id

        async def _retire(self, kernel_id: str) -> None:
            notebook = getattr(self, "_get_notebook_from_kernel", lambda _: None)(kernel_id)
            pooled = any(
                task.done() and not task.exception() and task.result().get("kernel_id") == kernel_id
                for task in itertools.chain.from_iterable(getattr(self, "_pools", {}).values())
            )
            self.log.warning(
                "Aligned: the kernel of %s stopped; it is shut down so that its page offers a reload",
                notebook or "a page",
            )
            if kernel_id in self:
                await self._shut_down_after_restart(kernel_id)
            if pooled and notebook is not None:
                deaths = self._deaths[notebook] = self._deaths.get(notebook, 0) + 1
                if deaths <= MAX_POOL_DEATHS:
                    self.fill_if_needed(notebook_name=notebook)
                else:
                    self.log.error(
                        "Aligned: warm kernels for %s keep stopping; its pages now start a kernel when opened",
                        notebook,
                    )

        async def _shut_down_after_restart(self, kernel_id: str) -> None:
            # The restarter fires its callbacks before it restarts the kernel, and jupyter_client
            # cannot shut a kernel down while it is starting: wait until it has started.
            deadline = asyncio.get_running_loop().time() + 60
            while kernel_id in self and asyncio.get_running_loop().time() < deadline:
                ready = self.get_kernel(kernel_id).ready
                if ready.done() and self.get_kernel(kernel_id).has_kernel:
                    break
                await asyncio.sleep(0.1)
            if kernel_id in self:
                try:
                    await self.shutdown_kernel(kernel_id, now=True)
                except Exception:  # it may have died again meanwhile; the restarter ends it
                    self.log.warning("Aligned: could not shut down stopped kernel %s", kernel_id, exc_info=True)

        @property
        def _deaths(self) -> dict:
            if getattr(self, "_death_counts", None) is None:
                self._death_counts = {}
            return self._death_counts

        @property
        def heat_queue(self) -> HeatQueue:
            if getattr(self, "_heat_queue", None) is None:
                self._heat_queue = HeatQueue(self.heat_order)
            return self._heat_queue

    return PacedKernelManager


def _paced_initialize(initialize):
    async def paced(self, notebook_path, kernel_id=None, **kwargs):
        async with self.heat_queue.turn(notebook_path):
            self.log.info("Warming a kernel for %s", notebook_path)
            content = await initialize(self, notebook_path, kernel_id, **kwargs)
            await settle(content["task"], self.heat_timeout, lambda: _waits_for_request(content["kernel_id"]))
            self.log.info("Warm: %s", notebook_path)
        return content

    return paced


def _waits_for_request(kernel_id: str) -> bool:
    from voila.request_info_handler import RequestInfoSocketHandler

    return kernel_id in RequestInfoSocketHandler._waiters


def _hurried(get_rendered_notebook):
    async def hurried(self, notebook_name, *args, **kwargs):
        pool = getattr(self, "_pools", {}).get(notebook_name) or []
        if pool and not pool[0].done():
            self.heat_queue.hurry(notebook_name)
            self.log.info("%s was opened before its kernel was warm; warming it now", notebook_name)
        return await get_rendered_notebook(self, notebook_name, *args, **kwargs)

    return hurried


def _aligned_voila_class():
    from voila.app import Voila

    class AlignedVoila(Voila):
        """Voila as `make workshop` runs it, plus the kit's participant pages (`widgets.live.server`).

        Voila's own app loads no Jupyter server extensions, and running Voila as an extension of
        a full Jupyter server instead would lose `voila.json`'s pooled, paced kernels and open the
        server's kernel and contents APIs to anyone with the room token. So the kit's Voila adds
        the participant routes itself, behind the same token; everything else is Voila's.
        """

        def init_handlers(self) -> list:
            from widgets.live import server

            handlers = super().init_handlers()
            self.app.settings.setdefault("aligned_join", server.JoinService())
            self.log.info("Aligned: participant pages at %saligned/join", self.server_url)
            return server.handlers(self.server_url) + handlers

    return AlignedVoila


STUDY_TEMPLATE = "aligned-study"


def _study_preprocessor_class():
    from nbconvert.preprocessors import Preprocessor

    from widgets.core.study import answers_of

    class StudyPreprocessor(Preprocessor):
        """The self-study template's step before rendering (its `conf.json` names it): each
        `instructor` cell keeps only its answers (`widgets.core.study`), so the facilitation notes
        never reach the page; the template puts what is left behind a closed fold. It works on
        nbconvert's copy of the notebook, never on the file."""

        def preprocess_cell(self, cell, resources, index):
            if "instructor" in cell.get("metadata", {}).get("tags", []):
                cell.source = answers_of(cell.source) if cell.cell_type == "markdown" else ""
                cell.outputs = []
            return cell, resources

    return StudyPreprocessor


def serve(argv: list[str]) -> int:
    """Run the kit's Voila (`python -m widgets.serving serve workshops/ --port=8866 ...`)."""
    _aligned_voila_class().launch_instance(argv=argv)
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m widgets.serving check LEVEL`: the Makefile checks LEVEL before starting Voila;
    `python -m widgets.serving serve ARGS`: the kit's Voila (Voila's arguments)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "serve":
        return serve(args[1:])
    if len(args) in (1, 2) and args[0] == "check":
        try:
            parse_preheat_choice(args[1] if len(args) == 2 else "")
        except PreheatChoiceError as error:
            print(error, file=sys.stderr)
            return 2
        return 0
    print("usage: python -m widgets.serving check LEVEL | serve [Voila's arguments]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())


def __getattr__(name: str):
    makers = {"PacedKernelManager": _paced_manager_class, "AlignedVoila": _aligned_voila_class,
              "StudyPreprocessor": _study_preprocessor_class}
    if name in makers:
        cls = makers[name]()
        globals()[name] = cls
        return cls
    raise AttributeError(name)
