{{ print "a" 1 2 "b" }}|{{ println "x" 1 }}|{{ print .Values.nil }}
