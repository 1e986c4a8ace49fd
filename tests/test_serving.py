"""How the kit serves pages: the preheat choice, the pool plan and the heating queue (no server)."""

import asyncio
import concurrent.futures

import pytest

from widgets import serving
from widgets.serving import HeatQueue, PreheatChoiceError, parse_preheat_choice, pool_config, preheat_plan


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        (None, ()),
        ("", ()),
        ("hub", ()),
        ("all", ("fundamentals", "intermediate", "advanced")),
        ("Fundamentals", ("fundamentals",)),
        ("advanced, fundamentals advanced", ("advanced", "fundamentals")),
    ],
)
def test_which_levels_are_warmed(text, levels):
    assert parse_preheat_choice(text) == levels


def test_an_unknown_level_names_the_choices_without_echoing_a_long_value():
    with pytest.raises(PreheatChoiceError) as error:
        parse_preheat_choice("fundamentals, " + "x" * 10_000)
    message = str(error.value)
    assert "fundamentals, intermediate, advanced" in message and "'all'" in message
    assert len(message) < 400


def test_the_hub_heats_first_then_the_levels_in_teaching_order_and_a_room_needs_no_kernel():
    plan = preheat_plan(("intermediate",), room=True)
    assert plan[0] == "index.ipynb"
    assert plan[1] == "intermediate/culture-as-asset.ipynb"
    assert len(plan) == 1 + 6
    assert not any("participant" in notebook for notebook in plan)
    assert preheat_plan(()) == ["index.ipynb"]


def test_pages_outside_the_plan_get_no_warm_kernel():
    pools = pool_config(["index.ipynb", "advanced/dynamic-alignment.ipynb"])
    assert pools["default"] == {"pool_size": 0}
    assert pools["index.ipynb"]["pool_size"] == serving.HUB_POOL_SIZE
    assert pools["advanced/dynamic-alignment.ipynb"]["pool_size"] == 1


def test_the_transport_is_ipc_where_unix_sockets_exist(monkeypatch, capsys):
    assert serving.kernel_transport() == "ipc"
    monkeypatch.setattr(serving, "ipc_available", lambda: False)
    assert serving.kernel_transport() == "tcp"
    assert "no Unix sockets" in capsys.readouterr().err


async def _heat(queue, notebook, log, gate):
    async with queue.turn(notebook):
        log.append(("start", notebook))
        await gate[notebook].wait()
        log.append(("end", notebook))


def run(coroutine):
    # In its own thread: Playwright's sync API (the browser tests' session fixture) keeps an event
    # loop running in the main thread, and asyncio.run refuses to start inside one.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=60)


def test_one_kernel_heats_at_a_time_in_plan_order():
    async def scenario():
        order = ["index.ipynb", "a.ipynb", "b.ipynb", "c.ipynb"]
        queue, log = HeatQueue(order), []
        gate = {name: asyncio.Event() for name in order}
        # They ask in the wrong order; the hub asks first, as Voila's start does.
        tasks = [
            asyncio.create_task(_heat(queue, name, log, gate))
            for name in ("index.ipynb", "c.ipynb", "b.ipynb", "a.ipynb")
        ]
        await asyncio.sleep(0)
        for name in order:
            await asyncio.sleep(0.01)
            assert queue.active == 1
            gate[name].set()
        await asyncio.gather(*tasks)
        return log

    log = run(scenario())
    assert [name for kind, name in log if kind == "start"] == ["index.ipynb", "a.ipynb", "b.ipynb", "c.ipynb"]
    # Never two at once: every start follows the previous end.
    assert all(log[i][0] == "start" and log[i + 1] == ("end", log[i][1]) for i in range(0, len(log), 2))


def test_a_page_somebody_waits_for_heats_at_once_beside_the_current_one():
    async def scenario():
        order = ["index.ipynb", "a.ipynb", "b.ipynb"]
        queue, log = HeatQueue(order), []
        gate = {name: asyncio.Event() for name in order}
        tasks = [asyncio.create_task(_heat(queue, name, log, gate)) for name in order]
        await asyncio.sleep(0.01)
        assert queue.waiting() == ["a.ipynb", "b.ipynb"]
        assert queue.hurry("b.ipynb") is True
        await asyncio.sleep(0.01)
        started = [name for kind, name in log if kind == "start"]
        assert started == ["index.ipynb", "b.ipynb"] and queue.active == 2
        for name in order:
            gate[name].set()
        await asyncio.gather(*tasks)
        assert queue.active == 0 and queue.waiting() == []

    run(scenario())


def test_a_hurried_page_whose_refill_has_not_asked_yet_goes_first_when_it_asks():
    async def scenario():
        queue, log = HeatQueue(["index.ipynb", "a.ipynb"]), []
        gate = {"index.ipynb": asyncio.Event(), "a.ipynb": asyncio.Event()}
        hub = asyncio.create_task(_heat(queue, "index.ipynb", log, gate))
        await asyncio.sleep(0.01)
        assert queue.hurry("a.ipynb") is False  # not waiting yet: remembered
        later = asyncio.create_task(_heat(queue, "a.ipynb", log, gate))
        await asyncio.sleep(0.01)
        assert ("start", "a.ipynb") in log
        gate["index.ipynb"].set()
        gate["a.ipynb"].set()
        await asyncio.gather(hub, later)

    run(scenario())


def test_a_cancelled_waiter_neither_blocks_nor_leaks_the_queue():
    async def scenario():
        queue, log = HeatQueue(["index.ipynb", "a.ipynb", "b.ipynb"]), []
        gate = {name: asyncio.Event() for name in ("index.ipynb", "a.ipynb", "b.ipynb")}
        first = asyncio.create_task(_heat(queue, "index.ipynb", log, gate))
        second = asyncio.create_task(_heat(queue, "a.ipynb", log, gate))
        third = asyncio.create_task(_heat(queue, "b.ipynb", log, gate))
        await asyncio.sleep(0.01)
        second.cancel()
        gate["index.ipynb"].set()
        gate["b.ipynb"].set()
        await asyncio.gather(first, third)
        assert ("start", "a.ipynb") not in log and ("end", "b.ipynb") in log
        assert queue.active == 0

    run(scenario())


def test_settle_waits_for_the_warm_up_without_raising_its_error():
    async def scenario():
        async def fails():
            raise RuntimeError("kernel died")

        task = asyncio.ensure_future(fails())
        await serving.settle(task, timeout=5)
        assert task.done() and isinstance(task.exception(), RuntimeError)
        slow = asyncio.ensure_future(asyncio.sleep(10))
        await serving.settle(slow, timeout=0.05)
        assert not slow.done()
        waiting = asyncio.ensure_future(asyncio.sleep(10))
        started = asyncio.get_running_loop().time()
        await serving.settle(waiting, timeout=60, paused=lambda: True)
        assert asyncio.get_running_loop().time() - started < 5 and not waiting.done()
        slow.cancel()
        waiting.cancel()

    run(scenario())


def test_the_server_side_module_stays_out_of_lesson_kernels():
    import subprocess
    import sys

    code = "import widgets.serving, sys; print('jupyter_server' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False"
