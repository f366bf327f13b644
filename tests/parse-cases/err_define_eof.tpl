{{ define "a" }}x
