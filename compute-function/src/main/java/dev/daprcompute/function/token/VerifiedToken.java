package dev.daprcompute.function.token;

/** TEMPORARY STUB until the token branch lands. */
public record VerifiedToken(String issuer, String subject) {}
