# JupyterHub for Aligned on one machine (up to about 100 users): see README.md beside this file.
#
#     jupyterhub -f /srv/aligned/kit/deploy/jupyterhub/jupyterhub_config.py
#
# Every setting comes from the environment (/etc/aligned/hub.env, read by the systemd unit):
# the databases' URLs, the exchange, the lessons, the groups, the room token. The logic lives in
# aligned_hub.py, which tests/test_hub.py runs as it is.
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from aligned_hub import HubSettings, configure  # noqa: E402 (found through the line above)

c = get_config()  # noqa: F821 (traitlets defines get_config in configuration files)
settings = HubSettings.from_environment()
configure(c, settings)

# Who logs in: the machine's own accounts (PAM), the Littlest JupyterHub's way. Each user's
# server runs as that account. On TLJH, drop this file's spawner and authenticator lines and
# keep its systemd spawner; see README.md, "On The Littlest JupyterHub".
c.JupyterHub.authenticator_class = "pam"
c.JupyterHub.spawner_class = "localprocess"
c.LocalAuthenticator.create_system_users = False

c.JupyterHub.bind_url = "http://127.0.0.1:8000"  # behind the machine's HTTPS reverse proxy (README.md)
c.JupyterHub.cookie_secret_file = "/srv/aligned/hub/jupyterhub_cookie_secret"
c.ConfigurableHTTPProxy.pid_file = "/srv/aligned/hub/jupyterhub-proxy.pid"
