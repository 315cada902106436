;; Dot products of float64 rows in WebAssembly SIMD (baselines/regeneration/simd-dot.ts).
;; Assembled by `node scripts/assemble-wasm.mjs`, which writes simd-dot-binary.ts.
;;
;; Both functions add the products in the order of the plain JavaScript loops
;; they replace, so their results are bitwise the same:
;;   dot4: four accumulators a_j over terms i = j mod 4, the remainder into a_0,
;;         then (a_0 + a_1) + (a_2 + a_3);
;;   dot2: two accumulators over even and odd terms, the remainder into the
;;         even one, then even + odd (dotVectors: the same over two vectors
;;         that carry their lengths).
;; Arguments are element indices (float64s, not bytes) into the memory, and
;; a count n >= 0.
(module
  (import "env" "memory" (memory 1))

  (func (export "dot4") (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $end i32) (local $s01 v128) (local $s23 v128) (local $a0 f64)
    (local.set $a (i32.shl (local.get $a) (i32.const 3)))
    (local.set $b (i32.shl (local.get $b) (i32.const 3)))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
        (local.set $s23 (f64x2.add (local.get $s23) (f64x2.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br $next)))
    (local.set $a0 (f64x2.extract_lane 0 (local.get $s01)))
    (local.set $n (i32.and (local.get $n) (i32.const 3)))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $a0 (f64.add (local.get $a0) (f64.mul (f64.load (local.get $a)) (f64.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (f64.add
      (f64.add (local.get $a0) (f64x2.extract_lane 1 (local.get $s01)))
      (f64.add (f64x2.extract_lane 0 (local.get $s23)) (f64x2.extract_lane 1 (local.get $s23)))))

  (func $dot2 (export "dot2") (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $end i32) (local $s v128) (local $even f64)
    (local.set $a (i32.shl (local.get $a) (i32.const 3)))
    (local.set $b (i32.shl (local.get $b) (i32.const 3)))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $s (f64x2.add (local.get $s) (f64x2.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $next)))
    (local.set $even (f64x2.extract_lane 0 (local.get $s)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then (local.set $even (f64.add (local.get $even) (f64.mul (f64.load (local.get $a)) (f64.load (local.get $b)))))))
    (f64.add (local.get $even) (f64x2.extract_lane 1 (local.get $s))))

  ;; dot2 of two vectors of a Jain kernel's arena, each with its length stored just
  ;; before it (as a float64), over the shorter length.
  (func (export "dotVectors") (param $u i32) (param $v i32) (result f64)
    (call $dot2 (local.get $u) (local.get $v)
      (i32.trunc_f64_s (f64.min
        (f64.load (i32.sub (i32.shl (local.get $u) (i32.const 3)) (i32.const 8)))
        (f64.load (i32.sub (i32.shl (local.get $v) (i32.const 3)) (i32.const 8))))))))
