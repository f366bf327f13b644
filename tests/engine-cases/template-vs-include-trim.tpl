{{ define "t" }}
  spaced
{{ end }}<{{ template "t" }}>{{ include "t" . | trim }}
