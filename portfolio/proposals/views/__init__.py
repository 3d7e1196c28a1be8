"""HTML interface of the proposals app: parse input, check permission, call one service, render."""
