# nbgrader on the hub (every user's server and terminal, through JUPYTER_CONFIG_PATH):
# the exchange for release, fetch, submit, collect and feedback, and the course's id.
import os

c = get_config()  # noqa: F821 (traitlets defines get_config in configuration files)
c.Exchange.root = os.environ.get("ALIGNED_EXCHANGE", "/srv/nbgrader/exchange")
c.CourseDirectory.course_id = "aligned"
# A learner submits as their hub name, whatever the operating system calls them (all the same
# "jovyan" in a container, one account under SimpleLocalProcessSpawner).
if os.environ.get("ALIGNED_ROLE") == "learner" and os.environ.get("JUPYTERHUB_USER"):
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
