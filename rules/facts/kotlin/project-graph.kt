class CheckInActivity : AppCompatActivity() {
    // ruleid: frtlint-fact-kotlin-function
    override fun onCreate(state: Bundle?) {
        // ruleid: frtlint-fact-kotlin-call
        super.onCreate(state)
        // ruleid: frtlint-fact-kotlin-call
        button.setOnClickListener {
            // the check itself sits inside the guard's match: an accepted imprecision
            // ruleid: frtlint-fact-kotlin-call, frtlint-fact-kotlin-consented-call
            if (!consentStore.hasFaceConsent()) return@setOnClickListener
            // ruleid: frtlint-fact-kotlin-call, frtlint-fact-kotlin-consented-call
            matcher.checkIn(frame)
        }
    }

    // ok: frtlint-fact-kotlin-consented-call
    // ruleid: frtlint-fact-kotlin-function, frtlint-fact-kotlin-call
    fun preview(frame: Bitmap) = drawOverlay(frame)
}

// ruleid: frtlint-fact-kotlin-function
fun enrol(frame: Bitmap): FloatArray {
    // ruleid: frtlint-fact-kotlin-call, frtlint-fact-kotlin-consented-call
    requireConsent(frame)
    // ruleid: frtlint-fact-kotlin-call, frtlint-fact-kotlin-consented-call
    return embedder.embed(frame)
}
