from .override import CalendarOverride

__all__ = ["CalendarOverride"]
