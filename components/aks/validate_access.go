package aks

import (
	"github.com/aksplatform/platform/validation"
)

// validateAccess checks how the API server is reached: private or restricted in production,
// authorized ranges that really restrict, Entra ID groups and local accounts.
func (s Spec) validateAccess(ps *validation.Problems, production bool) {
	if s.PrivateCluster && len(s.AuthorizedIPRanges) > 0 {
		ps.Addf("authorizedIpRanges", "apply to a public API server only; a private cluster (privateCluster: true) is reached from its VNets")
	}
	if production && !s.PrivateCluster && len(s.AuthorizedIPRanges) == 0 {
		ps.Addf("authorizedIpRanges", "a production API server must be private (privateCluster: true) or limited to authorizedIpRanges")
	}
	if n := len(s.AuthorizedIPRanges); n > MaxAuthorizedIPRanges {
		ps.Addf("authorizedIpRanges", "%d ranges; AKS accepts at most %d", n, MaxAuthorizedIPRanges)
	}
	for i, r := range s.AuthorizedIPRanges {
		key := validation.Index("authorizedIpRanges", i)
		switch {
		case !r.IsValid() || !r.Addr().Is4():
			ps.Addf(key, "%s is not an IPv4 CIDR", r)
		case r.Masked() != r:
			ps.Addf(key, "%s has host bits set; did you mean %s?", r, r.Masked())
		case r.Bits() == 0:
			ps.Addf(key, "%s admits every address and so restricts nothing; list the networks that administer the cluster", r)
		case r.Bits() < minAuthorizedRangeBits:
			ps.Addf(key, "%s admits %d addresses, which is as good as open (the policy pack's aks-api-server-access treats ranges wider than /%d so); list the networks that administer the cluster",
				r, uint64(1)<<(32-r.Bits()), minAuthorizedRangeBits)
		}
	}
	for i, id := range s.AdminGroupObjectIDs {
		if !validation.IsGUID(id) {
			ps.Addf(validation.Index("adminGroupObjectIds", i), "%q is not an Entra ID object ID (a GUID)", id)
		}
	}
	if id := s.DeployerGroupObjectID; id != "" && !validation.IsGUID(id) {
		ps.Addf("deployerGroupObjectId", "%q is not an Entra ID group object ID (a GUID)", id)
	}
	if production && s.LocalAccountsDisabled != nil && !*s.LocalAccountsDisabled {
		ps.Addf("localAccountsDisabled", "must be true in production: the static admin kubeconfig bypasses Entra ID and Azure RBAC")
	}
}

// minAuthorizedRangeBits is the widest authorized range that still restricts anything: /8.
const minAuthorizedRangeBits = 8
