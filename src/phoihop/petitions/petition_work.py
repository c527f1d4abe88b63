"""Work-queue sources (issue 13). SKELETON: filled by its part."""
