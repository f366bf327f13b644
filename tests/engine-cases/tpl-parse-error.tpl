{{ tpl "{{ nosuchfn }}" . }}
