"""The trainer's delivery pack: slide decks and printable handouts, built from the lessons.

Nothing here runs inside a lesson kernel. `python -m widgets.delivery slides OUT` (`make slides`)
writes one offline reveal.js deck per lesson, the `instructor` cells as speaker notes;
`python -m widgets.delivery handouts OUT` (`make handouts`) writes the printables as PDF through
headless Chromium. Both read the lesson notebooks (`lesson.py`), the agendas (`agenda.py`) and
the content banks (`widgets.core.content`), and fill the Jinja2 templates of `widgets/templates/`.
"""
