/** Results rendered: plain-text tables, as {@code info} prints them ({@code TextTable}), and JSON ({@code ResultJson}). */
package dev.refold.internal.text;
