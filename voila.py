"""Voila's configuration for the kit: read by Voila from the folder it is started in.

`widgets/serving.py` explains the choices (kernel transport, which pages are kept warm, heating
one kernel at a time). Environment variables set by the Makefile:

- `ALIGNED_PREHEAT` (make's `LEVEL`): levels whose lessons are kept warm, e.g. `fundamentals`,
  `fundamentals,intermediate` or `all`; empty keeps only the hub warm.
- `ALIGNED_ROOM=1` (`make workshop ROOM=1`): also keep participant pages warm.
"""

import os
import sys

from widgets.serving import PreheatChoiceError, kernel_transport, parse_preheat_choice, pool_config, preheat_plan

c = get_config()  # noqa: F821 (traitlets provides get_config to configuration files)

try:
    levels = parse_preheat_choice(os.environ.get("ALIGNED_PREHEAT"))
except PreheatChoiceError as error:
    print(f"\n{error}\n", file=sys.stderr)
    sys.exit(2)
plan = preheat_plan(levels, room=os.environ.get("ALIGNED_ROOM") == "1")

c.VoilaConfiguration.template = "aligned"
c.VoilaConfiguration.strip_sources = True
c.VoilaConfiguration.show_tracebacks = False
c.VoilaConfiguration.preheat_kernel = True
# While a page's cells run, Voila sends the page a heartbeat this often; the page's watchdog
# (share/jupyter/voila/templates/aligned/page_watchdog.js) reports a server silent for 12 s.
c.VoilaConfiguration.http_keep_alive_timeout = 5
c.VoilaConfiguration.multi_kernel_manager_class = "widgets.serving.PacedKernelManager"
# Voila's frontend is built on JupyterLab 4.2; these lab extensions raise module-federation
# errors in its pages, and nbgrader's has no place in a lesson.
c.VoilaConfiguration.extension_denylist = [
    "@jupyter/nbgrader",
    "@jupyter-notebook/lab-extension",
    "@voila-dashboards/jupyterlab-preview",
]

c.VoilaKernelManager.kernel_pools_config = pool_config(plan)
c.PacedKernelManager.heat_order = plan
# A used warm kernel is replaced a few seconds later, once the page that took it has drawn.
c.VoilaKernelManager.fill_delay = 3

c.KernelManager.transport = kernel_transport()

# Kernels of closed pages are shut down after 15 minutes idle.
c.MappingKernelManager.cull_idle_timeout = 900
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False
