/**
 * Where an item of an entry was first contributed, when it arrived from another entry (issue 17
 * item 3, migration 0020): one row per (entry, item). The organisation's name and the entry's title
 * are kept as they were when it was copied, so the record outlives the source entry; the person is
 * named from their account when read (a deleted account reads "Former member of …", as elsewhere).
 */
export type ItemOriginTable = {
  entry_id: string;
  item_id: string;
  /** `testimonials` or `evidence`. */
  collection: string;
  /** The entry the item was first contributed in (not a foreign key: that entry may be deleted). */
  origin_entry_id: string;
  origin_entry_title: string;
  /** Who first created it there, from that entry's contribution log; null when the log had no creation. */
  contributed_by: string | null;
  contributed_by_organisation_id: string | null;
  contributed_by_organisation_name: string | null;
  /** `copy`: carried with a copied entry. */
  via: string;
  copied_by: string;
  copied_by_organisation_id: string;
  copied_at: number;
};

/** An item of an organisation's library (issue 17 item 3, migration 0020): its fields as plain JSON. */
export type LibraryItemTable = {
  id: string;
  organisation_id: string;
  /** `testimonials` or `evidence`. */
  collection: string;
  /** The item's fields (JSON), as they were when put in the library; file ids are those of `library_item_files`. */
  fields: string;
  source_entry_id: string;
  source_item_id: string;
  source_entry_title: string;
  contributed_by: string | null;
  added_by: string;
  added_at: number;
};

/** A file of a library item: the stored bytes (`sha256`) and the file row's details, under the id its fields cite. */
export type LibraryItemFileTable = {
  library_item_id: string;
  file_id: string;
  sha256: string;
  name: string;
  mime: string;
  kind: string;
  size: number;
  pages: number | null;
  uploaded_by: string;
  uploaded_by_organisation: string;
  uploaded_at: number;
};

/** An entry a library item was added to, and the item's id there. */
export type LibraryItemUseTable = {
  library_item_id: string;
  entry_id: string;
  item_id: string;
  used_by: string;
  used_at: number;
};
