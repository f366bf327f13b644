{{ range .a }}

