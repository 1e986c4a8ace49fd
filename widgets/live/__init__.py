"""Live workshop sessions: the shared response store and the session command line.

The pages that use it are workshops/live/participant.ipynb and facilitator.ipynb; the views
are widgets.live.participant and widgets.live.dashboard. The pure rules they share (codes, keys,
what a participant may submit, the room's aggregate) are widgets.core.sessions; the room's
charts are widgets.charts.sessions.
"""
