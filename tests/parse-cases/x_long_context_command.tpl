a: {{ index "abcdefghijklmnopqrstuvwxyz0123456789" 99 }}
