import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StoredMimeType } from './content-inspection.util';

/** File bytes, stored once per distinct content: the same scan uploaded twice is one row. */
@Entity({ name: 'document_content' })
export class DocumentContent {
  @PrimaryColumn({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ name: 'mime_type', type: 'text' })
  mimeType!: StoredMimeType;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @Column({ type: 'bytea' })
  content!: Buffer;
}
