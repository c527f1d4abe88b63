"""What the layout (web/base.html) itself costs on every signed-in page, so that a page's query-count test names its
own queries plus these (web/context_processors.py): the menu's work count (one query whatever the sources) and the
bell's unread count (one query on the notifications' (user, read_at) index)."""

WORK_BADGE = 1
BELL = 1
LAYOUT_QUERIES = WORK_BADGE + BELL
