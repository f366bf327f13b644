é
{{ foo }}