"""A room of participants joining and sending at once, over HTTP, from a process of its own.

    .venv/bin/python benchmarks/room_load.py URL CODE [--participants 100] [--concurrency 100]

Prints one JSON object: wall time, sends per second, p50/p99 send and join latency, failures,
and the CPU seconds this load generator itself used (so a reader can see the server, not the
client, was what was measured).

Why not httpx, as at first: with 100 connections at once httpx's client spent about 12 ms of CPU
per request (1.2 s of CPU for 100 joins and 100 sends, against 0.3 s for the server), so on two
cores the figures measured the client's connection pool; one client per participant was worse
(an SSL context each). Here every participant is one keep-alive connection, like a phone, driven
by h11 (the HTTP/1.1 state machine httpx itself uses) on asyncio streams: about 0.1 ms of CPU a
request. Each participant GETs the session page (the whole body is read), then POSTs one pulse
answer with the page's cookie and headers; at most `--concurrency` participants are in flight.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import h11

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from widgets.core.sessions import new_key  # noqa: E402 (the repository on sys.path first)

HEADERS = [("Content-Type", "application/json"), ("X-Aligned-Request", "1")]


class Connection:
    """One participant's keep-alive connection: request, then read the whole response."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.h11 = h11.Connection(h11.CLIENT)

    async def request(self, method: str, target: str, body: bytes = b"", headers=()) -> tuple[int, bytes]:
        if self.h11.our_state is h11.DONE:
            self.h11.start_next_cycle()
        sent = [("Host", f"{self.host}:{self.port}"), ("Content-Length", str(len(body))), *headers]
        if self.cookies:
            sent.append(("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items())))
        data = self.h11.send(h11.Request(method=method, target=target, headers=sent))
        data += self.h11.send(h11.Data(data=body)) if body else b""
        data += self.h11.send(h11.EndOfMessage())
        self.writer.write(data)
        status, chunks = 0, []
        while True:
            event = self.h11.next_event()
            if event is h11.NEED_DATA:
                received = await self.reader.read(65536)
                self.h11.receive_data(received)
                if not received and self.h11.their_state is not h11.DONE:
                    raise ConnectionError("the server closed the connection")
                continue
            if isinstance(event, h11.Response):
                status = event.status_code
                for name, value in event.headers:
                    if name == b"set-cookie":
                        pair = value.decode("latin-1").split(";", 1)[0]
                        key, _, val = pair.partition("=")
                        self.cookies[key.strip()] = val.strip()
            elif isinstance(event, h11.Data):
                chunks.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                return status, b"".join(chunks)

    def close(self) -> None:
        self.writer.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def room(url: str, code: str, participants: int, concurrency: int) -> dict:
    parts = urlsplit(url)
    prefix = parts.path.rstrip("/")
    limit = asyncio.Semaphore(concurrency)
    sends: list[float] = []
    joins: list[float] = []
    failures: list[str] = []

    async def one(number: int) -> None:
        async with limit:
            connection = Connection(parts.hostname, parts.port)
            try:
                start = time.perf_counter()
                await connection.open()
                status, _ = await connection.request("GET", f"{prefix}/aligned/join/{code}")
                joins.append(time.perf_counter() - start)
                body = json.dumps({"key": new_key(),
                                   "answers": {"direction": 1 + number % 5, "connection": 3, "voice": 4}})
                start = time.perf_counter()
                sent, reply = await connection.request("POST", f"{prefix}/aligned/api/join/{code}/pulse",
                                                       body.encode(), HEADERS)
                sends.append(time.perf_counter() - start)
                if status != 200 or sent != 200:
                    failures.append(f"{status}/{sent}: {reply[:120]!r}")
            except (OSError, h11.ProtocolError) as error:
                failures.append(repr(error))
            finally:
                if hasattr(connection, "writer"):
                    connection.close()

    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(participants)))
    wall = time.perf_counter() - start
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "wall": wall,
        "rate": len(sends) / wall,
        "p50": statistics.median(sends) if sends else float("nan"),
        "p99": percentile(sends, 0.99) if sends else float("nan"),
        "join_p99": percentile(joins, 0.99) if joins else float("nan"),
        "failures": len(failures),
        "failure_examples": failures[:3],
        "client_cpu": (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the server's base URL, e.g. http://127.0.0.1:8866")
    parser.add_argument("code", help="the session code")
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=100)
    args = parser.parse_args(argv)
    result = asyncio.run(room(args.url, args.code, args.participants, args.concurrency))
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
