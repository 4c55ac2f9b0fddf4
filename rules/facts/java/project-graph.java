public class VisitController {
    // ruleid: frtlint-fact-java-function
    public void onVerify(Visitor visitor, byte[] photo) {
        // the check itself sits inside the guard's match: an accepted imprecision
        // ruleid: frtlint-fact-java-call, frtlint-fact-java-consented-call
        if (!visitor.hasFaceConsent()) {
            return;
        }
        // ruleid: frtlint-fact-java-call, frtlint-fact-java-consented-call
        faceService.search(photo);
    }

    // ruleid: frtlint-fact-java-function
    VisitController() {
        // ok: frtlint-fact-java-consented-call
        // ruleid: frtlint-fact-java-call
        loadSettings();
    }

    // ruleid: frtlint-fact-java-function
    private int enrol(byte[] photo) {
        // ruleid: frtlint-fact-java-call, frtlint-fact-java-consented-call
        consentLedger.requireConsent(visitorId);
        // ruleid: frtlint-fact-java-call, frtlint-fact-java-consented-call
        return faceService.addUser(photo);
    }
}
