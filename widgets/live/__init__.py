"""Live workshop sessions: the shared response store and the session command line.

Participants answer on pages the server renders without a kernel (widgets.live.server:
/aligned/join); the trainer's dashboard is workshops/live/facilitator.ipynb (widgets.live.dashboard).
The pure rules they share (codes, keys, what a participant may submit, the room's aggregate) are
widgets.core.sessions; the room's charts are widgets.charts.sessions.
"""
