"""Live workshop sessions: the shared response store and the session command line.

The pages that use it are workshops/live/participant.ipynb and facilitator.ipynb; the views
are widgets.live.participant and widgets.live.dashboard.
"""
