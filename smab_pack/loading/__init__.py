"""Reading a course folder: YAML with line numbers, pydantic validation, page discovery."""
