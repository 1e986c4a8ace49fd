"""Aligned on JupyterHub, one machine: the settings and how they become JupyterHub's configuration.

`jupyterhub_config.py` beside this file calls `configure(c, HubSettings.from_environment())`;
`tests/test_hub.py` calls the same functions, so what is tested is what is deployed. Every
setting comes from the environment (the systemd unit reads `/etc/aligned/hub.env`, see
README.md): nothing secret is written into a file the users can read.

What it sets up:

- the hub's own database on PostgreSQL (`ALIGNED_HUB_DB_URL`);
- two groups, `instructors` and `learners`, each with a role (JupyterHub 5 scopes);
- every user's server: JupyterLab, Voila as its server extension with the kit's template and
  configuration (`/user/<name>/voila/render/lessons/...`), the lessons linked read-only into the
  home folder, nbgrader's exchange (`jupyter-config/nbgrader_config.py`); instructors alone get the
  live store (`ALIGNED_DB_URL`), the gradebook (`ALIGNED_GRADEBOOK_URL`) and the shared course folder;
- the idle culler (`jupyterhub-idle-culler`, a hub service);
- the room (`aligned-room`, a hub service): the kit's Voila serving only the participant pages,
  behind the room token, at `/services/aligned-room/aligned/join/<CODE>?token=...`, for people who
  are not hub users.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIG_DIR = HERE / "jupyter-config"  # nbgrader's exchange, Voila's settings, server extensions
ROOM_SERVICE = "aligned-room"
CULLER_SERVICE = "idle-culler"
INSTRUCTORS, LEARNERS = "instructors", "learners"
COURSE_ID = "aligned"

# What each group may do through the hub (JupyterHub 5 scopes; https://jupyterhub.readthedocs.io/en/stable/rbac/scopes.html).
# Learners: their own server and nothing else (the default "user" role, named here to be explicit).
# Instructors: their own server, plus seeing, starting and stopping learners' servers from the
# admin page (to help someone whose server is stuck); not the learners' files, and no hub admin.
ROLE_SCOPES = {
    "aligned-learner": ["self"],
    "aligned-instructor": [
        "self",
        "admin-ui",
        f"list:users!group={LEARNERS}",
        f"read:users!group={LEARNERS}",
        f"read:groups!group={LEARNERS}",
        f"servers!group={LEARNERS}",
    ],
}
CULLER_SCOPES = ["list:users", "read:users:activity", "read:servers", "delete:servers"]


def _names(text: str | None) -> list[str]:
    return [name.strip() for name in (text or "").replace(",", " ").split() if name.strip()]


def kit_share_dir() -> Path | None:
    """The folder that holds the kit's Voila template (`voila/templates/aligned`): the installed
    package's data under sys.prefix when it ships there, else the source checkout's `share/jupyter`."""
    installed = Path(sys.prefix) / "share" / "jupyter"
    if (installed / "voila" / "templates" / "aligned").is_dir():
        return installed
    spec = importlib.util.find_spec("widgets")
    if spec and spec.origin:
        checkout = Path(spec.origin).resolve().parent.parent / "share" / "jupyter"
        if (checkout / "voila" / "templates" / "aligned").is_dir():
            return checkout
    return None


@dataclass
class HubSettings:
    """Everything that differs between machines. Defaults are the paths README.md sets up."""

    hub_db_url: str = "sqlite:///jupyterhub.sqlite"
    live_db_url: str = ""
    gradebook_url: str = ""
    exchange_root: str = "/srv/nbgrader/exchange"
    lessons_dir: str = "/srv/aligned/learner-kit/workshops"
    state_dir: str = "/srv/aligned/state"  # instructors' shared course: <state_dir>/course
    instructors: list[str] = field(default_factory=list)
    learners: list[str] = field(default_factory=list)
    admins: list[str] = field(default_factory=list)
    room_token: str = ""
    room_port: int = 8871
    idle_timeout_s: int = 3600
    mem_limit: str = "2G"
    cpu_limit: float = 1.0
    python: str = sys.executable

    @classmethod
    def from_environment(cls, environ=os.environ) -> HubSettings:
        settings = cls()
        plain = {
            "ALIGNED_HUB_DB_URL": "hub_db_url",
            "ALIGNED_DB_URL": "live_db_url",
            "ALIGNED_GRADEBOOK_URL": "gradebook_url",
            "ALIGNED_EXCHANGE": "exchange_root",
            "ALIGNED_LESSONS": "lessons_dir",
            "ALIGNED_HUB_STATE_DIR": "state_dir",
            "ALIGNED_ROOM_TOKEN": "room_token",
            "ALIGNED_MEM_LIMIT": "mem_limit",
        }
        for variable, name in plain.items():
            if environ.get(variable):
                setattr(settings, name, environ[variable])
        for variable, name in (("ALIGNED_ROOM_PORT", "room_port"), ("ALIGNED_IDLE_TIMEOUT", "idle_timeout_s")):
            if environ.get(variable):
                setattr(settings, name, int(environ[variable]))
        if environ.get("ALIGNED_CPU_LIMIT"):
            settings.cpu_limit = float(environ["ALIGNED_CPU_LIMIT"])
        settings.instructors = _names(environ.get("ALIGNED_INSTRUCTORS"))
        settings.learners = _names(environ.get("ALIGNED_LEARNERS"))
        settings.admins = _names(environ.get("ALIGNED_ADMINS"))
        return settings

    @property
    def room_prefix(self) -> str:
        return f"/services/{ROOM_SERVICE}/"


def hub_db_url(url: str) -> str:
    """SQLAlchemy's URL for the hub's database, with the psycopg 3 driver the kit already installs."""
    for plain in ("postgres://", "postgresql://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def user_environment(settings: HubSettings, username: str, groups: list[str]) -> dict[str, str]:
    """What a user's server gets in its environment. Only instructors get the databases: a learner's
    server could read anything in its own environment."""
    env = {
        "JUPYTER_CONFIG_PATH": str(CONFIG_DIR),
        "ALIGNED_EXCHANGE": settings.exchange_root,
        "ALIGNED_ROLE": "instructor" if INSTRUCTORS in groups else "learner",
        "JUPYTERLAB_SKIP_CHECK_UPDATES": "1",
    }
    share = kit_share_dir()
    if share is not None:
        env["JUPYTER_PATH"] = str(share)
    if INSTRUCTORS in groups:
        env["ALIGNED_STATE_DIR"] = settings.state_dir  # aligned-grade's course: <state_dir>/course
        if settings.live_db_url:
            env["ALIGNED_DB_URL"] = settings.live_db_url
        if settings.gradebook_url:
            env["ALIGNED_GRADEBOOK_URL"] = settings.gradebook_url
        # the grader's tools (nbgrader calls alembic from PATH) are this environment's
        env["PATH"] = os.pathsep.join([str(Path(settings.python).parent), os.environ.get("PATH", "/usr/bin:/bin")])
    return env


def link_lessons(settings: HubSettings, home: str | Path) -> None:
    """`~/lessons`: a link to the shared, read-only lessons (updated once for everybody)."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    link = home / "lessons"
    if link.is_symlink() and os.readlink(link) == settings.lessons_dir:
        return
    if link.is_symlink():
        link.unlink()
    if not link.exists():
        link.symlink_to(settings.lessons_dir, target_is_directory=True)


def make_pre_spawn_hook(settings: HubSettings):
    def pre_spawn_hook(spawner) -> None:
        groups = [group.name for group in spawner.user.groups]
        spawner.environment = {**spawner.environment, **user_environment(settings, spawner.user.name, groups)}
        home = getattr(spawner, "home_dir", None) or _system_home(spawner.user.name)
        if home:
            link_lessons(settings, home)
            _own(Path(home) / "lessons", spawner.user.name)

    return pre_spawn_hook


def _system_home(username: str) -> str | None:
    try:
        import pwd

        return pwd.getpwnam(username).pw_dir
    except (ImportError, KeyError):
        return None


def _own(path: Path, username: str) -> None:
    """The link belongs to the user (the hub runs as root); nothing to do for SimpleLocalProcessSpawner."""
    try:
        import pwd

        entry = pwd.getpwnam(username)
        os.lchown(path, entry.pw_uid, entry.pw_gid)
    except (ImportError, KeyError, PermissionError):
        pass


def room_service(settings: HubSettings) -> dict:
    """The room: the kit's Voila with the participant pages only, behind the room token (not hub
    login), routed by the hub's proxy at /services/aligned-room/."""
    return {
        "name": ROOM_SERVICE,
        "url": f"http://127.0.0.1:{settings.room_port}",
        "command": [settings.python, str(HERE / "aligned_room.py")],
        "display": False,
        "environment": {
            "ALIGNED_ROOM_TOKEN": settings.room_token,
            "ALIGNED_ROOM_PORT": str(settings.room_port),
            "ALIGNED_DB_URL": settings.live_db_url,
            "ALIGNED_STATE_DIR": settings.state_dir,
            "PATH": os.pathsep.join([str(Path(settings.python).parent), "/usr/bin", "/bin"]),
        },
    }


def culler_service(settings: HubSettings) -> dict:
    return {
        "name": CULLER_SERVICE,
        "command": [settings.python, "-m", "jupyterhub_idle_culler", f"--timeout={settings.idle_timeout_s}",
                    "--cull-every=300"],
    }


def configure(c, settings: HubSettings) -> None:
    """Set JupyterHub's configuration `c` for Aligned."""
    c.JupyterHub.db_url = hub_db_url(settings.hub_db_url)
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.load_groups = {
        INSTRUCTORS: {"users": settings.instructors},
        LEARNERS: {"users": settings.learners},
    }
    c.JupyterHub.load_roles = [
        {"name": "aligned-learner", "scopes": ROLE_SCOPES["aligned-learner"], "groups": [LEARNERS]},
        {"name": "aligned-instructor", "scopes": ROLE_SCOPES["aligned-instructor"], "groups": [INSTRUCTORS]},
        {"name": "aligned-idle-culler", "scopes": CULLER_SCOPES, "services": [CULLER_SERVICE]},
    ]
    c.Authenticator.allowed_users = set(settings.instructors + settings.learners + settings.admins)
    c.Authenticator.admin_users = set(settings.admins)
    services = [culler_service(settings)]
    if settings.room_token:
        services.append(room_service(settings))
    c.JupyterHub.services = services

    c.Spawner.default_url = "/lab"
    c.Spawner.notebook_dir = "~"
    c.Spawner.mem_limit = settings.mem_limit  # enforced by systemdspawner (TLJH) and Kubernetes
    c.Spawner.cpu_limit = settings.cpu_limit
    c.Spawner.http_timeout = 120
    c.Spawner.start_timeout = 120
    c.Spawner.pre_spawn_hook = make_pre_spawn_hook(settings)


def prepare_exchange(root: str | Path) -> Path:
    """nbgrader's exchange: a folder every user may write into, none may delete from (mode 1777)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o1777)
    return root
