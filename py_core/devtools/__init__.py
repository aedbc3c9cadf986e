"""Developer tools: code that writes or checks other files (never shipped in the extension)."""
