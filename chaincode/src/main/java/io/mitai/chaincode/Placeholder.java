package io.mitai.chaincode;

final class Placeholder {}
