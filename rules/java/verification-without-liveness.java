// Tests for frt503-verification-without-liveness-java (this kiosk writes attendance on a face match alone)
package com.example.kiosk;

public class AttendanceKiosk {
    private final AttendanceDb db;
    private final FaceEngine engine;

    public void onProbe(float[] probeEmbedding, float[] storedEmbedding, String staffId) {
        // ruleid: frt503-verification-without-liveness-java
        float distance = euclideanDistance(probeEmbedding, storedEmbedding);
        if (distance < 0.8f) {
            db.insertAttendance(staffId, System.currentTimeMillis());
        }
    }

    public void onProbeCosine(float[] embedding, float[] enrolled, String staffId) {
        // ruleid: frt503-verification-without-liveness-java
        float sim = FaceMath.cosineSimilarity(embedding, enrolled);
        if (sim > 0.7f) {
            db.insertAttendance(staffId, System.currentTimeMillis());
        }
    }

    public void onArcSoft(FaceFeature probe, FaceFeature stored, FaceSimilar similar, String staffId) {
        // ruleid: frt503-verification-without-liveness-java
        engine.compareFaceFeature(probe, stored, similar);
        if (similar.getScore() > 0.8f) {
            db.insertAttendance(staffId, System.currentTimeMillis());
        }
    }

    public float travel(android.location.Location a, android.location.Location b) {
        // ok: frt503-verification-without-liveness-java
        return computeDistance(a, b);
    }

    public float colours(int[] histogramA, int[] histogramB) {
        // ok: frt503-verification-without-liveness-java
        return histogramSimilarity(histogramA, histogramB);
    }
}
