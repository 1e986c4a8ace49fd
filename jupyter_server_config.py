"""JupyterLab's configuration for the kit (`make lab` passes it with --config).

Kernels talk to the server over Unix sockets instead of TCP ports: see `widgets/serving.py`.
"""

from widgets.serving import kernel_transport

c = get_config()  # noqa: F821 (traitlets provides get_config to configuration files)
c.KernelManager.transport = kernel_transport()
