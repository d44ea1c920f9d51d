package stacks

import "reflect"

// clone returns a deep copy of e: no slice, map or pointer is shared with e, so defaulting the
// copy leaves e as its owner wrote it. Nil stays nil and empty stays empty (zones: [] and a
// left-out zones key mean different things).
func (e *Environment) clone() *Environment {
	out := &Environment{}
	deepCopy(reflect.ValueOf(out).Elem(), reflect.ValueOf(e).Elem())
	return out
}

// deepCopy sets dst, which is settable, to a copy of src that shares no memory reachable
// through exported fields. Unexported fields are copied as values (netip.Prefix and the like,
// which are immutable).
func deepCopy(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		dst.Set(reflect.New(src.Type().Elem()))
		deepCopy(dst.Elem(), src.Elem())
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		dst.Set(reflect.MakeSlice(src.Type(), src.Len(), src.Len()))
		for i := range src.Len() {
			deepCopy(dst.Index(i), src.Index(i))
		}
	case reflect.Map:
		if src.IsNil() {
			return
		}
		dst.Set(reflect.MakeMapWithSize(src.Type(), src.Len()))
		for it := src.MapRange(); it.Next(); {
			v := reflect.New(src.Type().Elem()).Elem()
			deepCopy(v, it.Value())
			dst.SetMapIndex(it.Key(), v)
		}
	case reflect.Interface:
		if src.IsNil() {
			return
		}
		v := reflect.New(src.Elem().Type()).Elem()
		deepCopy(v, src.Elem())
		dst.Set(v)
	case reflect.Struct:
		dst.Set(src)
		for i := range src.NumField() {
			if src.Type().Field(i).IsExported() {
				deepCopy(dst.Field(i), src.Field(i))
			}
		}
	default:
		dst.Set(src)
	}
}
