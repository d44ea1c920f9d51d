package plandiff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Counts says how many resources each kind of change touches.
func (d *Diff) Counts() map[Kind]int {
	out := map[Kind]int{}
	for _, c := range d.Changes {
		out[c.Kind]++
	}
	return out
}

// Replacements returns the changes that recreate a resource.
func (d *Diff) Replacements() []Change { return d.filter(Replace) }

func (d *Diff) filter(k Kind) []Change {
	var out []Change
	for _, c := range d.Changes {
		if c.Kind == k {
			out = append(out, c)
		}
	}
	return out
}

// Summary is one line: how many resources are replaced, removed, added, updated and unchanged.
func (d *Diff) Summary() string {
	c := d.Counts()
	return fmt.Sprintf("%d to replace, %d to remove, %d to add, %d to update, %d unchanged",
		c[Replace], c[Remove], c[Add], c[Update], d.Unchanged)
}

var symbol = map[Kind]string{Replace: "+-", Remove: "- ", Add: "+ ", Update: "~ "}

// WriteText writes the diff for a reviewer: replacements first and flagged, each change with
// its inputs, secrets masked.
func (d *Diff) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Plan diff %s -> %s: %s\n", d.From, d.To, d.Summary())
	if n := len(d.Replacements()); n > 0 {
		fmt.Fprintf(&b, "WARNING: %d resource(s) would be deleted and created again (inputs marked [replaces])\n", n)
	}
	for _, c := range d.Changes {
		mark := ""
		if c.Component {
			mark = " (component)"
		}
		fmt.Fprintf(&b, "%s %s  %s%s\n", symbol[c.Kind], c.Name, c.Type, mark)
		for _, in := range c.Inputs {
			flag := ""
			if in.Replaces {
				flag = "  [replaces]"
			}
			if in.Secret {
				fmt.Fprintf(&b, "      %s: secret changed%s\n", in.Path, flag)
				continue
			}
			fmt.Fprintf(&b, "      %s: %s -> %s%s\n", in.Path, show(in.From), show(in.To), flag)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// show renders a value compactly; an input that is not set shows as (unset).
func show(v any) string {
	if v == nil {
		return "(unset)"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// WriteJSON writes the diff as JSON, with its summary counts.
func (d *Diff) WriteJSON(w io.Writer) error {
	doc := struct {
		From      string       `json:"from"`
		To        string       `json:"to"`
		Offline   bool         `json:"offline"`
		Counts    map[Kind]int `json:"counts"`
		Unchanged int          `json:"unchanged"`
		Changes   []Change     `json:"changes"`
	}{d.From, d.To, true, d.Counts(), d.Unchanged, d.Changes}
	if doc.Changes == nil {
		doc.Changes = []Change{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
