package clock

import "slices"

// sortObs sorts os by compareObs in expected linear time: a bucket sort on
// t (pairs spread over the input's time range, so buckets stay small),
// each bucket then finished by insertion sort, or by pdqsort when it is
// large (times bunched together), which bounds the worst case to
// O(n log n). tmp and ends are scratch space, returned for reuse.
func sortObs(os, tmp []obs, ends []int) ([]obs, []int) {
	n := len(os)
	lo, hi := timeRange(os)
	if n < 64 || !(hi > lo) {
		slices.SortFunc(os, compareObs)
		return tmp, ends
	}
	nb := n/4 + 1
	scale := float64(nb-1) / (hi - lo)
	bucket := func(o *obs) int { return min(int((o.t-lo)*scale), nb-1) }
	ends = append(ends[:0], make([]int, nb)...)
	for i := range os {
		ends[bucket(&os[i])]++
	}
	for k := 1; k < nb; k++ {
		ends[k] += ends[k-1]
	}
	tmp = append(tmp[:0], os...)
	for i := n - 1; i >= 0; i-- { // backwards, so that equal buckets keep their order
		k := bucket(&tmp[i])
		ends[k]--
		os[ends[k]] = tmp[i]
	}
	for k := range nb { // ends[k] is now where bucket k starts
		end := n
		if k+1 < nb {
			end = ends[k+1]
		}
		sortSmall(os[ends[k]:end])
	}
	return tmp, ends
}

func timeRange(os []obs) (lo, hi float64) {
	if len(os) == 0 {
		return 0, 0
	}
	lo, hi = os[0].t, os[0].t
	for i := range os {
		lo, hi = min(lo, os[i].t), max(hi, os[i].t)
	}
	return lo, hi
}

// sortSmall sorts a bucket: by insertion when it is small.
func sortSmall(s []obs) {
	if len(s) > 32 {
		slices.SortFunc(s, compareObs)
		return
	}
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && compareObs(s[j], s[j-1]) < 0; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
