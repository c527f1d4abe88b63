"""Models of the information about officials (issue 12, part 2)."""

from .information import InformationCopy, OfficialInformation

__all__ = ["InformationCopy", "OfficialInformation"]
