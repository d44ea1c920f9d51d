package keyvault

import (
	"crypto/sha256"
	"fmt"
	"strings"
)

// hashLen is the number of hex digits of the uniqueness suffix in derived vault names.
const hashLen = 6

// DeriveVaultName returns a valid, globally distinct Key Vault name for the component name in
// project/stack: the name lowercased and reduced to letters, digits and single hyphens, cut so
// that "-" and hashLen hex digits of sha256(project/stack/name) fit in 24 characters. The same
// inputs always give the same name; two stacks with the same component names do not collide.
func DeriveVaultName(project, stack, name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			hyphen = false
		case !hyphen && b.Len() > 0:
			b.WriteByte('-')
			hyphen = true
		}
	}
	base := b.String()
	if base == "" || base[0] < 'a' || base[0] > 'z' {
		base = "kv-" + base
	}
	if max := maxVaultName - 1 - hashLen; len(base) > max {
		base = base[:max]
	}
	base = strings.TrimRight(base, "-")
	sum := sha256.Sum256([]byte(project + "/" + stack + "/" + name))
	return base + "-" + fmt.Sprintf("%x", sum[:])[:hashLen]
}
