"""The room: the kit's Voila serving only the participant pages, as a JupyterHub service.

The hub starts it (`aligned_hub.room_service`) with `ALIGNED_ROOM_TOKEN`, `ALIGNED_ROOM_PORT`,
`ALIGNED_DB_URL` (the live store every instructor's dashboard writes to) and JupyterHub's
`JUPYTERHUB_SERVICE_PREFIX` (`/services/aligned-room/`); the hub's proxy routes that prefix here.
People who are not hub users open `<hub>/services/aligned-room/aligned/join/<CODE>?token=<room token>`.

It serves an empty folder: nobody with the room token can open a notebook or start a kernel, only
the participant pages (rendered without a kernel). The token goes to Voila in a private
configuration file, never on the command line (which every local user can read).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def main() -> int:
    token = os.environ.get("ALIGNED_ROOM_TOKEN", "")
    if len(token) < 16:
        print("aligned-room: set ALIGNED_ROOM_TOKEN to at least 16 characters "
              "(python3 -c 'import secrets; print(secrets.token_urlsafe(16))')", file=sys.stderr)
        return 2
    if not os.environ.get("ALIGNED_DB_URL"):
        print("aligned-room: set ALIGNED_DB_URL: the room and the instructors' dashboards must share "
              "one live store", file=sys.stderr)
        return 2
    port = int(os.environ.get("ALIGNED_ROOM_PORT", "8871"))
    ip = os.environ.get("ALIGNED_ROOM_IP", "127.0.0.1")  # 0.0.0.0 in its own container (Kubernetes)
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/aligned-room/")
    private = Path(tempfile.mkdtemp(prefix="aligned-room-"))  # mode 0700
    (private / "pages").mkdir()
    (private / "voila.json").write_text(json.dumps({
        "Voila": {"token": token},
        "VoilaConfiguration": {"preheat_kernel": False, "show_tracebacks": False},
    }))
    os.chdir(private)  # Voila reads voila.json from its working folder
    os.execv(sys.executable, [
        sys.executable, "-m", "widgets.serving", "serve", str(private / "pages"), "--no-browser",
        f"--Voila.ip={ip}", f"--port={port}", f"--Voila.base_url={prefix}",
        '--VoilaKernelManager.kernel_pools_config={"default": {"pool_size": 0}}',
    ])
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
