package gen

import (
	"regexp"
	"strings"
)

// entryLine splits a row of a SetDefaults table into its key and its default: two or more
// spaces separate them.
var entryLine = regexp.MustCompile(`^(\S.*?)\s{2,}(\S.*)$`)

// parseDefaults reads the table of defaults in a SetDefaults doc comment, the source of the
// README's configuration tables: its indented rows are "key  default" (dev / prod where they
// differ), a row whose key is empty continues the one above, a header "a / b[*]:" prefixes the
// two-space-indented rows under it, and "x, y  v" gives x and y the same default. It returns
// each key path ("addons.keda", "userPools[*].vmSize") with its default text.
func parseDefaults(doc string) map[string]string {
	out := map[string]string{}
	var prefixes, last []string
	for _, raw := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(raw, "\t") {
			if strings.TrimSpace(raw) == "" {
				continue
			}
			prefixes, last = nil, nil // prose ends a table
			continue
		}
		line := strings.TrimPrefix(raw, "\t")
		indent := len(line) - len(strings.TrimLeft(line, " "))
		body := strings.TrimSpace(line)
		switch {
		case body == "":
			continue
		case indent >= 3 || (indent > 0 && len(prefixes) == 0):
			for _, k := range last {
				out[k] += " " + body
			}
			continue
		case indent == 0 && strings.HasSuffix(body, ":") && !entryLine.MatchString(body):
			prefixes = nil
			for _, p := range strings.Split(strings.TrimSuffix(body, ":"), " / ") {
				prefixes = append(prefixes, strings.TrimSpace(p))
			}
			last = nil
			continue
		}
		m := entryLine.FindStringSubmatch(body)
		if m == nil {
			continue
		}
		if indent == 0 {
			prefixes = nil
		}
		last = nil
		for _, k := range strings.Split(m[1], ",") {
			k = strings.TrimSpace(k)
			if i := strings.Index(k, " ("); i > 0 {
				k = k[:i] // "taints (system pool)"
			}
			if k == "" || k == "key" || strings.Contains(k, " ") {
				continue
			}
			keys := []string{k}
			if len(prefixes) > 0 {
				keys = nil
				for _, p := range prefixes {
					keys = append(keys, p+"."+k)
				}
			}
			for _, full := range keys {
				out[full] = m[2]
				last = append(last, full)
			}
		}
	}
	return out
}
