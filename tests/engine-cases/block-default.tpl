{{ block "blk" . }}default-block{{ end }}
